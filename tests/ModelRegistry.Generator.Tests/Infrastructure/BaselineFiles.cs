using System.Reflection;
using System.Text.RegularExpressions;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// Checked-in expected outputs under <c>Baselines/{TestName}/{HintName}.txt</c>. A mismatch fails; only an explicit
/// <c>MODELREGISTRY_UPDATE_BASELINES=1</c> rewrites the files (then review the diff and commit it).
/// </summary>
internal static partial class BaselineFiles
{
    public const string UpdateVariable = "MODELREGISTRY_UPDATE_BASELINES";

    private static string ProjectDirectory { get; } = typeof(BaselineFiles).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ProjectDirectory").Value!;

    public static string DirectoryOf(string testName) => Path.Combine(ProjectDirectory, "Baselines", testName);

    /// <summary>The generator version varies per build; baselines hold a placeholder.</summary>
    public static string Scrub(string generatedSource) =>
        GeneratedCodeVersion().Replace(generatedSource, "\"ModelRegistry.Generator\", \"VERSION\"");

    public static void AssertMatches(string testName, string hintName, string generatedSource)
    {
        string path = Path.Combine(DirectoryOf(testName), hintName + ".txt");
        string actual = Scrub(generatedSource);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline at {path}. Run the tests with {UpdateVariable}=1 to write it, then review and commit it.");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            int line = expected.Split('\n').Zip(actual.Split('\n')).TakeWhile(pair => pair.First == pair.Second).Count() + 1;
            Assert.Fail($"The generated {hintName} differs from {path} from line {line} on. If the change is intended, rerun with {UpdateVariable}=1 and review the diff.");
        }
    }

    /// <summary>The baseline of <paramref name="hintName"/> as the generator of this build writes it (its version put back),
    /// for verifiers that compare the whole text themselves.</summary>
    public static string Expected(string testName, string hintName) =>
        File.ReadAllText(Path.Combine(DirectoryOf(testName), hintName + ".txt")).ReplaceLineEndings("\n").Replace(
            "\"ModelRegistry.Generator\", \"VERSION\"",
            $"\"ModelRegistry.Generator\", \"{typeof(RegistryGenerator).Assembly.GetName().Version}\"",
            StringComparison.Ordinal);

    /// <summary>The names the baseline folder of <paramref name="testName"/> holds, as hint names.</summary>
    public static IReadOnlyList<string> HintNames(string testName) =>
        Directory.Exists(DirectoryOf(testName))
            ? Directory.GetFiles(DirectoryOf(testName), "*.txt").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList()
            : [];

    [GeneratedRegex("\"ModelRegistry\\.Generator\", \"[^\"]*\"")]
    private static partial Regex GeneratedCodeVersion();
}
