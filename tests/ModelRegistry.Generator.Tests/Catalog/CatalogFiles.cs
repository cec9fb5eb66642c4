namespace ModelRegistry.Generator.Tests.Catalog;

/// <summary>The models.dev catalogs of <c>tests/fixtures/models.dev</c> (provenance in its <c>SOURCES.md</c>).</summary>
internal static class CatalogFiles
{
    /// <summary>Where a project would keep the catalog (any path works: the shape marks it as a catalog).</summary>
    public const string Path = "/app/catalog/api.json";

    /// <summary>Four providers, seven models: <c>deepseek</c>, <c>togetherai</c>, <c>fireworks-ai</c>, <c>anthropic</c>.</summary>
    public static string Trimmed => Read("api-trimmed.json");

    /// <summary>The whole snapshot: 47 providers, 687 models.</summary>
    public static string Whole => Read("api.json");

    private static string Read(string name) =>
        File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "tests", "fixtures", "models.dev", name));

    private static string RepositoryRoot()
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
