namespace ModelRegistry.Compiler;

/// <summary>The property names of <c>ModelRegistry.ModelProviderAttribute</c> (the generator does not reference the runtime);
/// the compatibility options are named by <see cref="CompatibilityOptionTable"/>.</summary>
internal static class ModelProviderAttributeNames
{
    public const string Kind = nameof(Kind);
    public const string ChatClient = nameof(ChatClient);
    public const string ChatClientFactory = nameof(ChatClientFactory);
    public const string BaseUrl = nameof(BaseUrl);
    public const string Headers = nameof(Headers);
    public const string Profiles = nameof(Profiles);
    public const string Catalog = nameof(Catalog);
}
