namespace ModelRegistry.ProfileRefresh.Tests;

/// <summary>The recorded answers of <c>tests/fixtures</c> (provenance in its <c>SOURCES.md</c> and <c>models.dev/SOURCES.md</c>).</summary>
internal static class Fixtures
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, "tests", "fixtures", relative);

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Registry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Registry.sln not found above the test output directory.");
    }
}
