using Microsoft.CodeAnalysis.Text;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator.Tests.Infrastructure;

/// <summary>
/// What <see cref="RegistryBuilder"/> dropped, read back from the diagnostics it reported to a <see cref="DiagnosticSink"/>
/// as short events ("duplicate vllm (kept VLLM)", "route nowhere", ...). Files are parsed with <see cref="File"/> so that
/// their names are recorded where the builder looks for them; their own problems go to a separate sink.
/// </summary>
internal sealed class DropRecorder
{
    private readonly DiagnosticSink _files = new();

    public DropRecorder() => Sink = new DiagnosticSink(_files);

    /// <summary>The sink to pass to <see cref="RegistryBuilder.Build(RegistryDeclarationSpec, IReadOnlyList{ProfileFileSpec}, IReadOnlyList{ProviderSpec}?, DiagnosticSink?, ICollection{string}?, CancellationToken)"/>.</summary>
    public DiagnosticSink Sink { get; }

    public ProfileFileSpec File(string path, string json) =>
        ProfileFileParser.Parse(path, SourceText.From(json), _files, CancellationToken.None)!;

    public List<string> Events => Sink.Diagnostics.Select(Describe).ToList();

    private string Describe(RecordedDiagnostic diagnostic)
    {
        IReadOnlyList<string> args = diagnostic.Arguments.ToList();
        return diagnostic.Rule.Id switch
        {
            RuleIdentifiers.DuplicateProvider => $"duplicate {args[0]} (kept {args[1]})",
            RuleIdentifiers.UndeclaredProvider when diagnostic.Location.FilePath is { } path && diagnostic.Location == Sink.FileProvider(path) => $"undeclared {args[0]}",
            RuleIdentifiers.UndeclaredProvider => $"route {args[0]}",
            RuleIdentifiers.DuplicateModel => args[0] == "Model" ? $"duplicate model {args[1]}" : $"duplicate alias {args[1]}",
            RuleIdentifiers.IdentifierCollision => $"identifier {args[1]}",
            _ => $"{diagnostic.Rule.Id} {diagnostic.Message}",
        };
    }
}
