using System.Text.RegularExpressions;

namespace ModelRegistry.Tests.Client;

/// <summary>The recordings live in the repository (<c>tests/fixtures</c>), each with its provenance in SOURCES.md: a fresh
/// clone needs nothing beside it.</summary>
public sealed partial class FixtureInventoryTests
{
    [Fact]
    public void The_fixtures_folder_is_inside_the_repository()
    {
        string repository = Path.GetFullPath(Path.Combine(Fixtures.Directory, "..", ".."));
        Assert.True(File.Exists(Path.Combine(repository, "Registry.sln")), $"{Fixtures.Directory} is not tests/fixtures of the repository");
    }

    [Fact]
    public void Every_recording_has_its_source_in_SOURCES_md_and_every_source_entry_has_its_recording()
    {
        string sources = File.ReadAllText(Path.Combine(Fixtures.Directory, "SOURCES.md"));
        var named = EntryPattern().Matches(sources).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var present = Directory.GetFiles(Fixtures.Directory, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Fixtures.Directory, file).Replace('\\', '/'))
            .Where(file => file != "SOURCES.md")
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(present);
        Assert.Equal(named.Order(StringComparer.Ordinal), present.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^- \*\*`([^`]+)`\*\*", RegexOptions.Multiline)]
    private static partial Regex EntryPattern();
}
