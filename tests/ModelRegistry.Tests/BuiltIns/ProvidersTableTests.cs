namespace ModelRegistry.Tests.BuiltIns;

/// <summary>Every documentation page that shows the "providers out of the box" table shows the one the data file gives.</summary>
public sealed class ProvidersTableTests
{
    /// <summary>The pages (relative to the repository root) that carry the table between the markers.</summary>
    public static TheoryData<string> Pages { get; } = new() { "docs/providers.md", "README.md" };

    [Theory]
    [MemberData(nameof(Pages))]
    public void The_page_shows_the_table_of_the_data_file(string page)
    {
        string path = Path.Combine(BuiltInTable.RepositoryRoot, page);
        string text = File.ReadAllText(path).ReplaceLineEndings("\n");
        int begin = text.IndexOf(ProvidersTable.BeginMarker, StringComparison.Ordinal);
        int end = text.IndexOf(ProvidersTable.EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{page} has no table between '{ProvidersTable.BeginMarker}' and '{ProvidersTable.EndMarker}'.");

        int start = begin + ProvidersTable.BeginMarker.Length;
        string expected = "\n" + ProvidersTable.Render(BuiltInTable.Entries);
        if (Environment.GetEnvironmentVariable("MODELREGISTRY_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, text[..start] + expected + text[end..]);
            return;
        }

        Assert.Equal(expected, text[start..end]);
    }

    [Fact]
    public void The_table_has_a_row_per_built_in_with_its_endpoint_and_key_variable()
    {
        string[] rows = ProvidersTable.Render(BuiltInTable.Entries).Split('\n', StringSplitOptions.RemoveEmptyEntries)[2..];

        Assert.Equal(BuiltInTable.Entries.Count, rows.Length);
        Assert.Contains(rows, r => r.StartsWith("| `openai` | `https://api.openai.com/v1` | `OPENAI_API_KEY` |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| `ollama` | `http://localhost:11434/v1` | none (local) |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| `azure-openai` | set `AZURE_OPENAI_API_BASE` | `AZURE_OPENAI_API_KEY` as `api-key` header, `api-version=", StringComparison.Ordinal));
    }
}
