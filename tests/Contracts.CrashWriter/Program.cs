using System.Globalization;
using IndustrialSafeRL.Contracts.Transitions;

// Usage: CrashWriter <store> <batch size>. Appends batches forever; after each Append returns it prints
// "ack <last step>" so the parent knows which rows were acknowledged before it kills this process.
var path = args[0];
var batchSize = int.Parse(args[1], CultureInfo.InvariantCulture);
using var store = TransitionStore.OpenOrCreate(path, StoreLayout.IndustrialBenchmark);
var step = 0L;
var batch = new List<TransitionRecord>(batchSize);
while (true)
{
    batch.Clear();
    for (var i = 0; i < batchSize; i++, step++)
    {
        batch.Add(new TransitionRecord
        {
            RunId = "crash",
            PolicyId = "writer",
            Step = step,
            TimestampUtc = DateTimeOffset.UtcNow,
            Observation = [70, step, 2, 3, 4, 5],
            ProposedAction = [0.1, 0.2, 0.3],
            AppliedAction = [0.1, 0.2, 0.3],
            Reward = -step,
            RewardComponents = [1, 2],
        });
    }

    store.Append(batch);
    Console.Out.WriteLine($"ack {step - 1}");
    Console.Out.Flush();
}
