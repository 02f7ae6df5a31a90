namespace IndustrialSafeRL.TestSupport;

/// <summary>Locates the repository root and the shared reference material (<c>../shared</c> beside the clone).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding IndustrialSafeRL.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The shared material: ISRL_SHARED if set, else the <c>shared</c> folder beside the repository.</summary>
    public static string Shared
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("ISRL_SHARED");
            var path = string.IsNullOrEmpty(fromEnvironment)
                ? Path.GetFullPath(Path.Combine(Root, "..", "shared"))
                : fromEnvironment;
            if (!File.Exists(Path.Combine(path, "DESIGN.md")))
            {
                throw new DirectoryNotFoundException(
                    $"shared material not found at {path}; clone the repository beside shared/ or set ISRL_SHARED");
            }

            return path;
        }
    }

    /// <summary>A path below the shared material.</summary>
    public static string SharedFile(params string[] parts) => Path.Combine([Shared, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IndustrialSafeRL.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"IndustrialSafeRL.sln not found above {AppContext.BaseDirectory}");
    }
}
