using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// Drives code fixes the way an IDE does, without Microsoft.CodeAnalysis.*.Testing: a real <see cref="AdhocWorkspace"/>
/// project (the user's C# file, metadata references to the framework and the runtime, JSON profiles as
/// AdditionalDocuments), the analyzers run on its compilation plus the generated registry, a fix registered through a
/// <see cref="CodeFixContext"/> (on the C# <see cref="Document"/> or the JSON <see cref="TextDocument"/>) or a Fix All
/// context, and its <see cref="ApplyChangesOperation"/> applied to the solution.
/// </summary>
internal static class CodeFixHarness
{
    public const string SourcePath = TestCompilations.SourcePath;

    public static Project CreateProject(string csharp, params (string Path, string Json)[] files)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            "UserProject",
            "UserProject",
            LanguageNames.CSharp,
            compilationOptions: TestCompilations.OptionsForAnalyzers,
            parseOptions: TestCompilations.ParseOptions,
            metadataReferences: TestCompilations.References));
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Models.cs", SourceText.From(csharp), filePath: SourcePath);
        foreach ((string path, string json) in files)
        {
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(json), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>The project's compilation with the generated registry, as the compiler builds it.</summary>
    public static async Task<Compilation> CompileAsync(Project project)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        return AnalyzerHarness.WithGeneratedCode(compilation, project.AnalyzerOptions.AdditionalFiles);
    }

    /// <summary>Every analyzer diagnostic of the project, in file and position order.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        Compilation compilation = await CompileAsync(project);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(AnalyzerHarness.Analyzers, project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>The code actions <paramref name="fixer"/> offers for the <paramref name="index"/>-th diagnostic <paramref name="id"/>.</summary>
    public static async Task<(Diagnostic Diagnostic, IReadOnlyList<CodeAction> Actions)> GetFixesAsync(Project project, CodeFixProvider fixer, string id, int index = 0)
    {
        Diagnostic diagnostic = (await AnalyzeAsync(project)).Where(d => d.Id == id).ElementAt(index);
        Assert.Contains(id, fixer.FixableDiagnosticIds);
        var actions = new List<CodeAction>();
        TextDocument document = FindDocument(project, diagnostic.Location);
        CodeFixContext context = document is Document source
            ? new CodeFixContext(source, diagnostic, (action, _) => actions.Add(action), CancellationToken.None)
            : new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);
        return (diagnostic, actions);
    }

    /// <summary>Applies the single fix offered for the <paramref name="index"/>-th diagnostic <paramref name="id"/>.</summary>
    public static async Task<Project> ApplyFixAsync(Project project, CodeFixProvider fixer, string id, int index = 0)
    {
        (_, IReadOnlyList<CodeAction> actions) = await GetFixesAsync(project, fixer, id, index);
        return await ApplyAsync(project, Assert.Single(actions));
    }

    /// <summary>
    /// Fix All of <paramref name="fixer"/>'s provider for <paramref name="id"/> in <paramref name="scope"/>, started the way the
    /// IDE starts it from the first diagnostic: from its C# document, or from the project when it sits in an AdditionalFile
    /// (a <see cref="FixAllContext"/> holds no <see cref="TextDocument"/>).
    /// </summary>
    public static async Task<Project> FixAllAsync(Project project, CodeFixProvider fixer, string id, FixAllScope scope = FixAllScope.Project)
    {
        ImmutableArray<Diagnostic> diagnostics = (await AnalyzeAsync(project)).Where(d => d.Id == id).ToImmutableArray();
        Assert.NotEmpty(diagnostics);
        (_, IReadOnlyList<CodeAction> actions) = await GetFixesAsync(project, fixer, id);
        FixAllProvider fixAll = fixer.GetFixAllProvider() ?? throw new InvalidOperationException("The fixer has no Fix All provider.");
        Assert.Contains(scope, fixAll.GetSupportedFixAllScopes());
        string? equivalenceKey = Assert.Single(actions).EquivalenceKey;
        var diagnosticProvider = new FixedDiagnostics(diagnostics);
        FixAllContext context = project.GetDocument(diagnostics[0].Location.SourceTree) is { } document
            ? new FixAllContext(document, fixer, scope, equivalenceKey, [id], diagnosticProvider, CancellationToken.None)
            : new FixAllContext(project, fixer, scope, equivalenceKey, [id], diagnosticProvider, CancellationToken.None);
        CodeAction action = await fixAll.GetFixAsync(context) ?? throw new InvalidOperationException("Fix All offered nothing.");
        return await ApplyAsync(project, action);
    }

    /// <summary>The text of the C# document or JSON AdditionalDocument at <paramref name="path"/>.</summary>
    public static async Task<string> TextAsync(Project project, string path)
    {
        TextDocument document = project.Documents.Cast<TextDocument>().Concat(project.AdditionalDocuments).Single(d => d.FilePath == path);
        return (await document.GetTextAsync()).ToString();
    }

    /// <summary>Asserts that the project (with its generated registry) compiles without errors.</summary>
    public static async Task AssertCompilesAsync(Project project)
    {
        Compilation compilation = await CompileAsync(project);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, TestCompilations.Describe(errors));
    }

    private static async Task<Project> ApplyAsync(Project project, CodeAction action)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        return changed.GetProject(project.Id)!;
    }

    private static TextDocument FindDocument(Project project, Location location)
    {
        if (location.SourceTree is { } tree && project.GetDocument(tree) is { } document)
        {
            return document;
        }

        string path = location.GetLineSpan().Path;
        return project.AdditionalDocuments.Single(d => d.FilePath == path);
    }

    /// <summary>Hands Fix All the diagnostics already computed.</summary>
    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => !d.Location.IsInSource));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
