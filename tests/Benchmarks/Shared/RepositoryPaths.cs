using System.Reflection;

namespace Benchmarks.Shared;

/// <summary>
/// Files the benchmarks read from the source tree: this project's profile files and the recorded provider traffic in
/// <c>tests/fixtures</c>. The build records the repository root as assembly metadata, so
/// the benchmarks find them from BenchmarkDotNet's generated child projects too, whatever their working directory.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The repository root, as the build saw it.</summary>
    public static string Root { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .SingleOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value
        ?? throw new InvalidOperationException("The benchmark assembly has no RepositoryRoot metadata (see Benchmarks.csproj).");

    /// <summary>The profile files of the lookup registries (<c>tests/Benchmarks/profiles</c>).</summary>
    public static string Profiles => Path.Combine(Root, "tests", "Benchmarks", "profiles");

    /// <summary>A recorded provider response of <c>tests/fixtures</c>, by its path inside that folder.</summary>
    public static string Fixture(string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(Root, "tests", "fixtures", relativePath));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The recorded fixture '{relativePath}' is not in tests/fixtures (see its SOURCES.md).", path);
    }
}
