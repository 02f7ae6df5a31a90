// The controller service entry point. The worker, its options and the plant connection are added with the runtime issue.
Console.Error.WriteLine("isrl-controller: not configured yet; use `./isrl --help`.");
return 2;
