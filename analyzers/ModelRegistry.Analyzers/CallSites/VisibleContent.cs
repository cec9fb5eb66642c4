using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static ModelRegistry.Analyzers.LoadChatModelCall;

namespace ModelRegistry.Analyzers;

/// <summary>One <c>DataContent</c> or <c>UriContent</c> a call sends, with its constant media type.</summary>
internal sealed record SentContent(IObjectCreationOperation Creation, string MediaType, bool IsUri);

/// <summary>
/// The image, audio and PDF contents a chat call's messages visibly carry: every <c>new DataContent(…)</c> /
/// <c>new UriContent(…)</c> inside the messages argument, inside the initializers of the single-assignment locals it
/// names (<see cref="LocalValues"/>: <c>var message = new ChatMessage(…)</c>, <c>List&lt;ChatMessage&gt; history = [...]</c>)
/// and inside the <c>Add</c>/<c>AddRange</c>/<c>Insert</c> calls made on such a local in the same member. The media type is
/// the constant <c>mediaType</c> argument, else the type of a constant <c>data:</c> URI, else the file extension of a
/// constant URI (<c>.png</c>, <c>.mp3</c>, <c>.pdf</c>, …). Content built by other methods is not seen.
/// </summary>
internal static class VisibleContent
{
    private const int MaxLocals = 16;

    public static List<SentContent> Find(IOperation messages, INamedTypeSymbol dataContent, INamedTypeSymbol uriContent, CancellationToken cancellationToken)
    {
        var found = new List<SentContent>();
        var pending = new Stack<IOperation>();
        var followed = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        pending.Push(messages);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IOperation root = pending.Pop();
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                if (operation is IObjectCreationOperation { Type: { } type } creation)
                {
                    bool isData = SymbolEqualityComparer.Default.Equals(type, dataContent);
                    if ((isData || SymbolEqualityComparer.Default.Equals(type, uriContent)) && MediaType(creation) is { } mediaType)
                    {
                        found.Add(new SentContent(creation, mediaType, !isData));
                    }
                }
                else if (operation is ILocalReferenceOperation { Local: { } local } && operation.SemanticModel is { } semanticModel
                    && followed.Count < MaxLocals && followed.Add(local))
                {
                    if (LocalValues.Initializer(local, semanticModel, cancellationToken) is { } initializer)
                    {
                        pending.Push(initializer);
                        foreach (IOperation added in Additions(local, semanticModel, cancellationToken))
                        {
                            pending.Push(added);
                        }
                    }
                }
            }
        }

        return found;
    }

    /// <summary>The top-level media type family the profile has a flag for: <c>image</c>, <c>audio</c> or <c>pdf</c>.</summary>
    public static string? Family(string mediaType) =>
        mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? "image"
        : mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? "audio"
        : string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase) ? "pdf"
        : null;

    /// <summary>The arguments of <c>local.Add(…)</c>, <c>AddRange</c> and <c>Insert</c> calls in the local's member.</summary>
    private static IEnumerable<IOperation> Additions(ILocalSymbol local, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        SyntaxNode scope = LocalValues.Scope(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken));
        foreach (SyntaxNode node in scope.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: "Add" or "AddRange" or "Insert" } } invocation
                && target.Identifier.ValueText == local.Name)
            {
                foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
                {
                    if (semanticModel.GetOperation(argument.Expression, cancellationToken) is { } added)
                    {
                        yield return added;
                    }
                }
            }
        }
    }

    private static string? MediaType(IObjectCreationOperation creation)
    {
        string? mediaType = null;
        IOperation? uri = null;
        foreach (IArgumentOperation argument in creation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "mediaType":
                    mediaType = Constant(WithoutConversions(argument.Value));
                    break;
                case "uri":
                    uri = WithoutConversions(argument.Value);
                    break;
            }
        }

        if (mediaType is { Length: > 0 })
        {
            return mediaType;
        }

        // new Uri("…") or the string itself.
        if (uri is IObjectCreationOperation { Arguments.Length: > 0 } uriCreation)
        {
            uri = WithoutConversions(uriCreation.Arguments[0].Value);
        }

        return Constant(uri) is { } text ? FromUri(text) : null;
    }

    private static string? FromUri(string uri)
    {
        if (uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            int end = uri.IndexOfAny([';', ','], 5);
            return end > 5 ? uri.Substring(5, end - 5) : null;
        }

        string path = uri;
        int query = path.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            path = path.Substring(0, query);
        }

        // Not Path.GetExtension: on .NET Framework hosts it throws on characters a URI may hold.
        int dot = path.LastIndexOf('.');
        string extension = dot > path.LastIndexOf('/') && dot >= 0 ? path.Substring(dot).ToLowerInvariant() : string.Empty;
        return extension switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".mp3" => "audio/mpeg",
            ".wav" => "audio/wav",
            ".pdf" => "application/pdf",
            _ => null,
        };
    }
}
