using System.Text;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>A message's text as both formats send it: its text parts joined, with no copy when there is one.</summary>
internal static class MessageText
{
    public static string Join(ChatMessage message)
    {
        StringBuilder? builder = null;
        string? single = null;
        IList<AIContent> contents = message.Contents;
        for (int index = 0; index < contents.Count; index++)
        {
            AIContent content = contents[index];
            if (content is TextContent { Text.Length: > 0 } text)
            {
                if (single is null && builder is null)
                {
                    single = text.Text;
                }
                else
                {
                    builder ??= new StringBuilder(single);
                    builder.Append(text.Text);
                }
            }
        }

        return builder?.ToString() ?? single ?? "";
    }
}
