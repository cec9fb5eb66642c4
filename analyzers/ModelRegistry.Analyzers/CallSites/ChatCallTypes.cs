using Microsoft.CodeAnalysis;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The Microsoft.Extensions.AI and ModelRegistry types a chat call's capability checks recognize, found once per
/// compilation (<see langword="null"/> from <see cref="Create"/> when Microsoft.Extensions.AI is not referenced).
/// </summary>
internal sealed class ChatCallTypes
{
    private readonly INamedTypeSymbol? _chatClientExtensions;
    private readonly INamedTypeSymbol? _structuredOutputExtensions;
    private readonly INamedTypeSymbol? _aiStructuredOutputExtensions;
    private readonly INamedTypeSymbol _toolMode;

    private ChatCallTypes(Compilation compilation, INamedTypeSymbol chatClient, INamedTypeSymbol chatOptions, INamedTypeSymbol toolMode,
        INamedTypeSymbol dataContent, INamedTypeSymbol uriContent)
    {
        ChatClient = chatClient;
        ChatOptions = chatOptions;
        _toolMode = toolMode;
        DataContent = dataContent;
        UriContent = uriContent;
        _chatClientExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatClientExtensions");
        _structuredOutputExtensions = compilation.GetTypeByMetadataName("ModelRegistry.StructuredOutputExtensions");
        _aiStructuredOutputExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatClientStructuredOutputExtensions");
    }

    public INamedTypeSymbol ChatClient { get; }

    public INamedTypeSymbol ChatOptions { get; }

    public INamedTypeSymbol DataContent { get; }

    public INamedTypeSymbol UriContent { get; }

    public static ChatCallTypes? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.IChatClient") is { } chatClient
        && compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions") is { } chatOptions
        && compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatToolMode") is { } toolMode
        && compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.DataContent") is { } dataContent
        && compilation.GetTypeByMetadataName("Microsoft.Extensions.AI.UriContent") is { } uriContent
            ? new ChatCallTypes(compilation, chatClient, chatOptions, toolMode, dataContent, uriContent)
            : null;

    /// <summary><c>IChatClient.GetResponseAsync</c> / <c>GetStreamingResponseAsync</c>, or their string and
    /// <c>ChatMessage</c> extension overloads.</summary>
    public bool IsChatCall(IMethodSymbol method) =>
        method.Name is CapabilityChecker.GetResponseAsync or CapabilityChecker.GetStreamingResponseAsync
        && !method.IsGenericMethod
        && (Is(method.ContainingType, ChatClient) || Is(method.ContainingType, _chatClientExtensions));

    /// <summary>ModelRegistry's <c>GetStructuredResponseAsync&lt;T&gt;</c> or Microsoft.Extensions.AI's <c>GetResponseAsync&lt;T&gt;</c>.</summary>
    public bool IsStructuredCall(IMethodSymbol method) =>
        (method.Name == CapabilityChecker.GetStructuredResponseAsync && Is(method.ContainingType, _structuredOutputExtensions))
        || (method.Name == CapabilityChecker.GetResponseAsync && method.IsGenericMethod && Is(method.ContainingType, _aiStructuredOutputExtensions));

    public bool IsToolMode(INamedTypeSymbol? type) => Is(type, _toolMode);

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
