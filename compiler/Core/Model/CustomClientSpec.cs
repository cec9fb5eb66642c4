namespace ModelRegistry.Compiler;

/// <summary>How generated code constructs a user <c>IChatClient</c> type without reflection.</summary>
/// <param name="TypeName">The fully qualified type name, <c>global::</c>-prefixed.</param>
/// <param name="ConstructorArguments">The chosen public constructor's parameters, in order.</param>
/// <param name="PropertyAssignments">Settable properties filled after construction (used when no constructor takes the values).</param>
internal sealed record CustomClientSpec(
    string TypeName,
    ImmutableEquatableArray<ClientArgumentSpec> ConstructorArguments,
    ImmutableEquatableArray<ClientArgumentSpec> PropertyAssignments);

/// <summary>One value passed to a user client: a constructor parameter or a property.</summary>
/// <param name="Name">The parameter or property name as declared.</param>
/// <param name="Value">Which resolved value it receives.</param>
/// <param name="IsUri">For <see cref="ClientArgumentValue.Endpoint"/>: whether the target type is <c>System.Uri</c> (else <c>string</c>).</param>
/// <param name="AcceptsNull">Whether the target takes <see langword="null"/> (a nullable-annotated or oblivious type).
/// A required endpoint or key that is missing at load time is then an error naming the variable to set, instead of a null
/// passed to a parameter that does not expect one.</param>
internal sealed record ClientArgumentSpec(string Name, ClientArgumentValue Value, bool IsUri, bool AcceptsNull = true);

/// <summary>The values generated code can pass to a user client, matched by parameter or property name
/// (<c>model</c>/<c>modelId</c>, <c>endpoint</c>/<c>baseUrl</c>/<c>apiBase</c>, <c>apiKey</c>, <c>settings</c>, <c>profile</c>).</summary>
internal enum ClientArgumentValue
{
    Model,
    Endpoint,
    ApiKey,
    Settings,
    Profile,
}
