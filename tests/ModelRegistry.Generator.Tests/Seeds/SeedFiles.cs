namespace ModelRegistry.Generator.Tests.Seeds;

/// <summary>The seed-shaped profile files of <c>tests/fixtures/seeds</c> (provenance in <c>tests/fixtures/SOURCES.md</c>).</summary>
internal static class SeedFiles
{
    /// <summary>The hybrid-inference <c>models.yaml</c> ported to JSON with its own key names.</summary>
    public static string HybridInferenceModels => File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "fixtures", "seeds", "hybrid-inference-models.json"));

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Registry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Registry.sln not found above the test output directory.");
    }
}
