using System.Text;
using System.Text.RegularExpressions;
using ModelRegistry.Tests.BuiltIns;

namespace ModelRegistry.Tests.Documentation;

/// <summary>
/// Every link between the documentation pages (README.md and docs/*.md) leads somewhere: a relative link names a file
/// of the repository, and a <c>#fragment</c> names a heading of its page as GitHub renders it. A heading's anchor is
/// easy to get wrong by hand (GitHub drops the en dash of "05:36–07:45", it does not turn it into a hyphen), and a
/// broken one only shows when a reader clicks it.
/// </summary>
public sealed partial class DocumentationLinksTests
{
    public static TheoryData<string> Pages { get; } = new(
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(BuiltInTable.RepositoryRoot, "docs"), "*.md")
            .Select(path => "docs/" + Path.GetFileName(path)).Order(StringComparer.Ordinal)));

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_link_names_a_file_and_a_heading_that_exist(string page)
    {
        string path = Path.GetFullPath(Path.Combine(BuiltInTable.RepositoryRoot, page));
        string folder = Path.GetDirectoryName(path)!;
        // Each linked page's anchors, read once however many links point into it.
        Dictionary<string, HashSet<string>> anchors = new(StringComparer.Ordinal);
        List<string> broken = [];
        foreach (Match link in Link().Matches(Prose(File.ReadAllText(path))))
        {
            string target = link.Groups["target"].Value;
            string fragment = link.Groups["fragment"].Value;
            if (UriScheme().IsMatch(target))
            {
                continue;
            }

            string file = target.Length == 0 ? path : Path.GetFullPath(Path.Combine(folder, target));
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                broken.Add($"{target}: no such file");
            }
            else if (fragment.Length > 0 && file.EndsWith(".md", StringComparison.Ordinal) && !AnchorsOf(file).Contains(fragment))
            {
                broken.Add($"{target}#{fragment}: no such heading");
            }
        }

        Assert.True(broken.Count == 0, $"{page} has broken links:{Environment.NewLine}{string.Join(Environment.NewLine, broken)}");

        HashSet<string> AnchorsOf(string file) =>
            anchors.TryGetValue(file, out HashSet<string>? known) ? known : anchors[file] = Anchors(File.ReadAllText(file));
    }

    [Theory]
    [InlineData("Activities per request, and CPU in user mode (issue 17; 2026-12-03, 05:36–07:45 UTC)", "activities-per-request-and-cpu-in-user-mode-issue-17-2026-12-03-05360745-utc")]
    [InlineData("4. Gateway overhead and 6. AOT gateway", "4-gateway-overhead-and-6-aot-gateway")]
    [InlineData("`IChatClient` from [the registry](registry.md)", "ichatclient-from-the-registry")]
    [InlineData("CPU × YARP, µs", "cpu--yarp-µs")]
    public void A_heading_anchor_is_the_one_GitHub_gives(string heading, string anchor) =>
        Assert.Equal(anchor, Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor()
    {
        HashSet<string> anchors = Anchors("# Results\n\n## Results\n\n```sh\n# not a heading\n```\n### Results\n");

        Assert.Equal(["results", "results-1", "results-2"], anchors.Order(StringComparer.Ordinal));
    }

    /// <summary>The anchors of a page's headings, as GitHub numbers repeats: <c>name</c>, <c>name-1</c>, <c>name-2</c>.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        HashSet<string> anchors = new(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(Prose(markdown)))
        {
            string slug = Slug(heading.Groups["text"].Value);
            string anchor = slug;
            for (int repeat = 1; !anchors.Add(anchor); repeat++)
            {
                anchor = $"{slug}-{repeat}";
            }
        }

        return anchors;
    }

    /// <summary>GitHub's anchor for a heading: the rendered text (a link's text, not its address) in lower case, with
    /// every character but letters, digits, <c>-</c>, <c>_</c> and spaces dropped, and each space a <c>-</c>.</summary>
    private static string Slug(string heading)
    {
        var slug = new StringBuilder(heading.Length);
        foreach (char c in InlineLink().Replace(heading.Trim(), "${text}").ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The page without its fenced code blocks, whose lines are neither headings nor links.</summary>
    private static string Prose(string markdown) => Fence().Replace(markdown.ReplaceLineEndings("\n"), "");

    [GeneratedRegex(@"^```.*?^```[^\n]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^#{1,6} +(?<text>.+?) *$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\]\((?<target>[^)\s#]*)(?:#(?<fragment>[^)\s]+))?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex UriScheme();
}
