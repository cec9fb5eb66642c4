using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// How a stream passed through as bytes ended: the usage the upstream reported (counted once, whichever chunk carried
/// it), completed and priced by usage accounting on its way up (<see cref="Properties"/> then holds the
/// <see cref="RoutedCallInfo"/>), and the id and creation time of the answer, for a usage chunk written after it.
/// </summary>
internal sealed class ChatStreamEnd(UsageDetails? usage, string? responseId, DateTimeOffset? createdAt)
{
    public UsageDetails? Usage { get; set; } = usage;

    public AdditionalPropertiesDictionary? Properties { get; set; }

    public string? ResponseId { get; } = responseId;

    public DateTimeOffset? CreatedAt { get; } = createdAt;
}
