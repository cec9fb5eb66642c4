using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelRegistry.Compiler;

/// <summary>
/// Reads the <c>providers</c> array of a profile file: providers declared as data, validated like the attribute
/// (name, kind, base URL, headers and secrets, compatibility values). A data provider is always
/// <c>openai-compatible</c> (a type cannot be named in JSON), so <c>kind</c> may be omitted.
/// </summary>
internal static class ProfileProviderReader
{
    private static readonly string[] KnownKeys = ProfileSchema.ProviderKeys.Concat(CompatibilityOptionTable.JsonKeys).ToArray();

    public static List<ProviderSpec> Read(JsonPropertyNode property, ProfileValueReader sink)
    {
        var providers = new List<ProviderSpec>();
        if (sink.ReadArray(property.Name, property.Value) is not { } array)
        {
            return providers;
        }

        foreach (JsonValueNode item in array.Items)
        {
            if (sink.ReadObject("providers", item) is { } entry && ReadOne(entry, sink) is { } provider)
            {
                sink.RememberName(new NameKey(NameKind.DataProvider, sink.Path, Index: providers.Count), entry.Find("name")!.Value.Span);
                providers.Add(provider);
            }
        }

        return providers;
    }

    private static ProviderSpec? ReadOne(JsonObjectNode entry, ProfileValueReader sink)
    {
        bool valid = true;
        string? name = null;
        string? baseUrl = null, profiles = null, apiVersion = null, catalog = null;
        bool? isLocal = null;
        string authentication = "Bearer";
        var headers = new List<HeaderSpec>();
        CompatibilitySpec compatibility = CompatibilitySpec.Unset;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        JsonPropertyNode? nameProperty = entry.Find("name");
        if (nameProperty is null)
        {
            sink.Report(DiagnosticDescriptors.InvalidProviderName, entry.Span, "", "the entry has no 'name'");
            valid = false;
        }

        foreach (JsonPropertyNode field in entry.Properties)
        {
            if (!seen.Add(field.Name))
            {
                sink.Report(DiagnosticDescriptors.DuplicateModel, field.NameSpan, "Key", field.Name, " in this provider entry");
                continue;
            }

            switch (field.Name)
            {
                case "name":
                    name = field.Value is JsonStringNode text ? text.Value : null;
                    if (name is null)
                    {
                        sink.WrongType(field.Name, field.Value, "a string");
                        valid = false;
                    }
                    else if (ProviderRules.NameProblem(name) is { } problem)
                    {
                        sink.InvalidProviderName(field.Value.Span, name, problem);
                        valid = false;
                    }

                    break;
                case "kind":
                    if (sink.ReadString(field.Name, field.Value) is { } kind && Array.IndexOf(ProviderRules.Kinds, kind) < 0)
                    {
                        sink.Report(DiagnosticDescriptors.InvalidClientKind, field.Value.Span, name ?? "",
                            $"'{kind}' is not a known kind (known: {string.Join(", ", ProviderRules.Kinds)})"
                            + (ClosestMatch.Find(kind, ProviderRules.Kinds) is { } closest ? $"; did you mean '{closest}'?" : ""));
                        valid = false;
                    }

                    break;
                case "base_url":
                    baseUrl = sink.ReadBaseUrl(field.Name, field.Value) ?? baseUrl;
                    break;
                case "headers":
                    ReadHeaders(field, name ?? "PROVIDER", headers, sink);
                    break;
                case "profiles":
                    profiles = sink.ReadString(field.Name, field.Value) is { Length: > 0 } path ? path : null;
                    break;
                case "catalog":
                    catalog = sink.ReadString(field.Name, field.Value);
                    break;
                case "is_local":
                    isLocal = sink.ReadBoolean(field.Name, field.Value);
                    break;
                case "authentication":
                    if (sink.ReadString(field.Name, field.Value) is { } scheme)
                    {
                        if (ProfileSchema.Authentications.TryGetValue(scheme, out string? member))
                        {
                            authentication = member;
                        }
                        else
                        {
                            sink.WrongType(field.Name, field.Value, "one of " + string.Join(", ", ProfileSchema.Authentications.Keys));
                        }
                    }

                    break;
                case "api_version":
                    apiVersion = sink.ReadString(field.Name, field.Value);
                    break;
                case "api_key":
                    // Keys come from {PREFIX}_API_KEY; a literal here would be compiled into the program.
                    if (sink.ReadString(field.Name, field.Value) is { } key && !SecretRule.IsEnvironmentReference(key))
                    {
                        sink.Report(DiagnosticDescriptors.LiteralSecret, field.Value.Span, "The api_key of a provider",
                            ProviderRules.SuggestedVariable(name ?? "PROVIDER", "API_KEY"));
                    }
                    else
                    {
                        sink.Report(DiagnosticDescriptors.UnknownProfileKey, field.NameSpan, field.Name, "provider field",
                            $" (the key is read from the {ProviderRules.SuggestedVariable(name ?? "PROVIDER", "API_KEY")} environment variable)");
                    }

                    break;
                case ProfileSchema.CompatibilityOptions:
                    compatibility = compatibility.OverriddenBy(ProfileCompatibilityReader.Read(field, sink));

                    break;
                default:
                    if (!ProfileCompatibilityReader.TryRead(field, ref compatibility, sink))
                    {
                        sink.UnknownKey(field, "provider field", KnownKeys);
                    }

                    break;
            }
        }

        if (!valid || name is null)
        {
            return null;
        }

        return new ProviderSpec(
            name,
            ProviderRules.OpenAICompatibleKind,
            CustomClient: null,
            baseUrl,
            headers.ToImmutableEquatableArray(),
            compatibility,
            profiles,
            ProviderOrigin.DataFile,
            isLocal ?? ProviderRules.IsLocal(name, baseUrl),
            authentication,
            apiVersion,
            catalog);
    }

    /// <summary>Headers as an array of <c>"Name: value"</c> strings (like the attribute) or an object of name → value.</summary>
    private static void ReadHeaders(JsonPropertyNode field, string providerName, List<HeaderSpec> headers, ProfileValueReader sink)
    {
        if (field.Value is JsonObjectNode map)
        {
            foreach (JsonPropertyNode header in map.Properties)
            {
                if (header.Name.IndexOf(':') >= 0)
                {
                    sink.Report(DiagnosticDescriptors.MalformedHeader, header.NameSpan, header.Name, "the name contains ':'");
                }
                else if (sink.ReadString(header.Name, header.Value) is { } value)
                {
                    Add(header.Name + ": " + value, header.Value.Span);
                }
            }

            return;
        }

        if (sink.ReadStringArray(field.Name, field.Value) is { } lines)
        {
            foreach ((string line, Microsoft.CodeAnalysis.Text.TextSpan span) in lines)
            {
                Add(line, span);
            }
        }

        void Add(string line, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            if (ProviderRules.ParseHeader(line, out string name, out string value) is { } problem)
            {
                sink.Report(DiagnosticDescriptors.MalformedHeader, span, line, problem);
            }
            else if (SecretRule.IsLiteralSecretHeader(name, value))
            {
                sink.Report(DiagnosticDescriptors.LiteralSecret, span, $"Header '{name}'", ProviderRules.SuggestedHeaderVariable(providerName, name));
            }
            else
            {
                headers.Add(new HeaderSpec(name, value));
            }
        }
    }
}
