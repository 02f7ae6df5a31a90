// One test class at a time: CollectionPause is process-wide (its tests count collections and regions), and two
// test threads in TorchSharp calls are exactly the situation it guards the trainer against.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
