using System.Text.Json.Nodes;

namespace ModelRegistry.ProfileRefresh;

/// <summary>One model as a source describes it, already in profile-file keys (<c>max_input_tokens</c>, <c>tool_calling</c>,
/// <c>pricing</c> in US dollars per token as decimal strings, ...): only the fields the source gives.</summary>
internal sealed record SourceModel(string Id, JsonObject Fields);
