using System;
using System.Globalization;
using System.Linq;
using ModelRegistry.Compiler;

namespace ModelRegistry.Analyzers;

/// <summary>
/// What one profiled model's profile says about the capabilities the call-site capability rules (MR0026, MR0027) check,
/// read from the model as <see cref="RegistryBuilder"/> merged it. A field the profile leaves unset is <see langword="null"/>:
/// unknown, never reported. <see cref="Compatibility"/> is the model's merged compatibility options (provider, file, model).
/// </summary>
internal sealed class ModelCapabilities
{
    private ModelCapabilities(string id, CompatibilitySpec compatibility)
    {
        Id = id;
        Compatibility = compatibility;
    }

    /// <summary>The model's id (not an alias), as messages show it.</summary>
    public string Id { get; }

    public CompatibilitySpec Compatibility { get; }

    public bool? ToolCalling { get; private set; }

    public bool? ImageInputs { get; private set; }

    public bool? ImageUrlInputs { get; private set; }

    public bool? AudioInputs { get; private set; }

    public bool? PdfInputs { get; private set; }

    public bool? StructuredOutput { get; private set; }

    public int? MaxOutputTokens { get; private set; }

    public static ModelCapabilities From(ResolvedModelSpec model)
    {
        var capabilities = new ModelCapabilities(model.Model.Id, model.Compatibility);
        foreach (ProfileFieldSpec field in model.Model.Fields)
        {
            switch (field.PropertyName)
            {
                case "ToolCalling": capabilities.ToolCalling = Flag(field); break;
                case "ImageInputs": capabilities.ImageInputs = Flag(field); break;
                case "ImageUrlInputs": capabilities.ImageUrlInputs = Flag(field); break;
                case "AudioInputs": capabilities.AudioInputs = Flag(field); break;
                case "PdfInputs": capabilities.PdfInputs = Flag(field); break;
                case "StructuredOutput": capabilities.StructuredOutput = Flag(field); break;
                case "MaxOutputTokens":
                    capabilities.MaxOutputTokens = int.TryParse(field.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int limit) ? limit : null;
                    break;
            }
        }

        return capabilities;
    }

    /// <summary>Whether the options say the model's provider accepts <paramref name="toolChoice"/> (<c>required</c>, <c>specific</c>, …).</summary>
    public static bool Supports(CompatibilitySpec compatibility, string toolChoice) =>
        (compatibility.SupportedToolChoice ?? CompatibilitySpec.Defaults.SupportedToolChoice!).Contains(toolChoice, StringComparer.Ordinal);

    public static bool SupportsJsonSchema(CompatibilitySpec compatibility) =>
        (compatibility.SupportedResponseFormat ?? CompatibilitySpec.Defaults.SupportedResponseFormat!).Contains("json_schema", StringComparer.Ordinal);

    private static bool? Flag(ProfileFieldSpec field) => field.Kind == ProfileValueKind.Boolean ? string.Equals(field.Value, "true", StringComparison.Ordinal) : null;
}
