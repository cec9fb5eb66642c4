namespace ModelRegistry.Compiler;

/// <summary>How generated code constructs a user <c>IChatClient</c> without reflection: a constructor of the
/// <c>ChatClient</c> type, or a call of the <c>ChatClientFactory</c> type's static method.</summary>
/// <param name="TypeName">The fully qualified type name (the client type, or the factory type), <c>global::</c>-prefixed.</param>
/// <param name="ConstructorArguments">The chosen public constructor's parameters that receive a value, in order (optional
/// parameters the registry has no value for are left out: they are passed by name).</param>
/// <param name="PropertyAssignments">Settable properties filled after construction (used when no constructor takes the values).</param>
/// <param name="FactoryMethod">The name of the factory type's <c>static IChatClient M(ChatModelConfiguration)</c>, or
/// <see langword="null"/> when <paramref name="TypeName"/> is constructed.</param>
internal sealed record CustomClientSpec(
    string TypeName,
    ImmutableEquatableArray<ClientArgumentSpec> ConstructorArguments,
    ImmutableEquatableArray<ClientArgumentSpec> PropertyAssignments,
    string? FactoryMethod = null);

/// <summary>One value passed to a user client: a constructor parameter or a property.</summary>
/// <param name="Name">The parameter or property name as declared.</param>
/// <param name="Value">Which resolved value it receives.</param>
/// <param name="IsUri">For <see cref="ClientArgumentValue.Endpoint"/>: whether the target type is <c>System.Uri</c> (else <c>string</c>).</param>
/// <param name="AcceptsNull">Whether the target takes <see langword="null"/> (a nullable-annotated or oblivious type).
/// A required endpoint or key that is missing at load time is then an error naming the variable to set, instead of a null
/// passed to a parameter that does not expect one.</param>
internal sealed record ClientArgumentSpec(string Name, ClientArgumentValue Value, bool IsUri, bool AcceptsNull = true);

/// <summary>The values generated code can pass to a user client, matched by parameter or property name
/// (<c>model</c>/<c>modelId</c>/<c>defaultModel</c>, <c>endpoint</c>/<c>baseUrl</c>/<c>apiBase</c>/<c>uri</c>/<c>uriString</c>,
/// <c>apiKey</c>, <c>settings</c>, <c>profile</c>) or by type (<c>HttpClient</c>, <c>ChatModelConfiguration</c>); see
/// <see cref="CustomClientResolver"/>.</summary>
internal enum ClientArgumentValue
{
    Model,
    Endpoint,
    ApiKey,
    Settings,
    Profile,

    /// <summary>The provider's <c>HttpClient</c>, its base address the endpoint (it carries the endpoint too).</summary>
    HttpClient,

    /// <summary>The whole resolved <c>ChatModelConfiguration</c>.</summary>
    Configuration,

    /// <summary>The key as a <c>System.ClientModel.ApiKeyCredential</c> (the official OpenAI SDK's key type).</summary>
    ApiKeyCredential,
}
