using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// One problem the core found: the rule, where, the message arguments (as invariant text) and what the rule's code fix
/// needs (<see cref="FixProperties"/>, carried to the fixer in <see cref="Diagnostic.Properties"/>).
/// </summary>
internal sealed record RecordedDiagnostic(
    DiagnosticDescriptor Rule,
    DiagnosticLocation Location,
    ImmutableEquatableArray<string> Arguments,
    ImmutableDictionary<string, string?> FixData)
{
    public static RecordedDiagnostic Create(DiagnosticDescriptor rule, DiagnosticLocation location, ImmutableDictionary<string, string?> fixData, object?[] arguments) =>
        new(rule, location, arguments.Select(a => System.Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToImmutableEquatableArray(), fixData);

    /// <summary>The diagnostic to report, at <see cref="Location"/> resolved by <paramref name="resolve"/>.</summary>
    public Diagnostic ToDiagnostic(System.Func<DiagnosticLocation, Location> resolve) =>
        Diagnostic.Create(Rule, resolve(Location), FixData, Arguments.Cast<object>().ToArray());

    /// <summary>The message as a user reads it (tests and de-duplication).</summary>
    public string Message => string.Format(CultureInfo.InvariantCulture, Rule.MessageFormat.ToString(CultureInfo.InvariantCulture), Arguments.Cast<object>().ToArray());
}
