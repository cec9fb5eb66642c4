using System.Text.Json.Serialization;

namespace ModelRegistry;

/// <summary>Reads the overlay file into <see cref="RoutingOverlayDocument"/> with source-generated metadata: no
/// reflection, so native AOT and trimming keep working. A cold path (once at start-up), unlike the wire formats.</summary>
// The same leniency as the document parse before it: the element's raw text still holds the comments.
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(RoutingOverlayDocument))]
internal sealed partial class RoutingOverlayJsonContext : JsonSerializerContext;
