using System.Diagnostics;
using System.Globalization;
using IndustrialSafeRL.OfflineTrainer.Torch;
using static TorchSharp.torch;

/// <summary>Reproduces the TorchSharp Scalar finalizer race that <see cref="CollectionPause"/> guards against: one
/// thread adds small tensors (each <c>a + b</c> passes an implicit Scalar alpha = 1 by handle), another allocates
/// garbage at the trainer's rate or faster, so collections run while adds are in native code. Without the pause a
/// finalized Scalar soon reaches libtorch ("Expected false to be true"); with it the adds run clean.
/// Usage: dotnet &lt;this.dll&gt; scalar-race [--pause] [--seconds 10] [--garbage-mb-per-s 32]</summary>
internal static class ScalarRace
{
    public static int Run(string[] args)
    {
        var pause = args.Contains("--pause");
        var seconds = Option(args, "--seconds", 10);
        var rate = Option(args, "--garbage-mb-per-s", 32);
        set_num_threads(1);
        using var x = ones(4);
        using var y = ones(4);
        var stop = false;
        object? sink = null;
        var garbage = new Thread(() =>
        {
            // 16 KB pieces at the given rate, in 1 ms slices.
            var perMs = Math.Max(1, rate * 1024 / 16 / 1000);
            while (!Volatile.Read(ref stop))
            {
                for (var i = 0; i < perMs; i++)
                {
                    sink = new byte[16 * 1024];
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        garbage.Start();
        long adds = 0;
        var clock = Stopwatch.StartNew();
        var collections = GC.CollectionCount(0);
        using (pause ? CollectionPause.Hold() : null)
        {
            try
            {
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    // Renewed between batches, as the trainer's loops renew it between steps.
                    CollectionPause.Renew();
                    using var scope = NewDisposeScope();
                    for (var i = 0; i < 1000; i++)
                    {
                        _ = x + y;
                    }

                    adds += 1000;
                }
            }
            catch (Exception e)
            {
                Volatile.Write(ref stop, true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"FAILED after {adds} adds, {clock.Elapsed.TotalSeconds:F2} s, {GC.CollectionCount(0) - collections} collections (pause {(pause ? "on" : "off")}): {e.Message.Split('\n')[0]}"));
                return 1;
            }
        }

        Volatile.Write(ref stop, true);
        GC.KeepAlive(sink);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ok: {adds} adds in {seconds} s, {GC.CollectionCount(0) - collections} collections, {CollectionPause.RegionsOpened} no-GC regions (pause {(pause ? "on" : "off")})"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
