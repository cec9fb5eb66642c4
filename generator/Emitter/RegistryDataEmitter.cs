using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelRegistry.Compiler;

namespace ModelRegistry.Generator;

/// <summary>
/// Writes the registry's data: one <c>static readonly</c> <c>ProviderInfo</c> per provider and one <c>ModelProfile</c>
/// per profiled model, as object initializers (a built-in the user neither redeclares nor profiles is the runtime's
/// shared instance instead). Values that cannot be written as valid C# of the property's type are
/// skipped (the analyzers report them), and no literal secret is ever written.
/// </summary>
internal static class RegistryDataEmitter
{
    private const string ImmutableArray = "global::System.Collections.Immutable.ImmutableArray";

    public static void WriteProviderInfo(SourceWriter writer, EmittedProvider provider)
    {
        ProviderSpec declaration = provider.Declaration;
        if (provider.IsSharedBuiltIn)
        {
            // The runtime reads the same table (runtime/Loading/BuiltInProviderTable.cs); a test compares its instances
            // with what the branch below would write.
            writer.WriteLine($"private static readonly global::ModelRegistry.ProviderInfo {provider.InfoField} = global::ModelRegistry.GeneratedRegistrySupport.BuiltIn({SourceWriter.StringLiteral(declaration.Name)});");
            return;
        }

        writer.WriteLine($"/// <summary>The provider <c>{SourceWriter.XmlText(declaration.Name)}</c>.</summary>");
        writer.OpenBlock($"private static readonly global::ModelRegistry.ProviderInfo {provider.InfoField} = new global::ModelRegistry.ProviderInfo");
        writer.WriteLine($"Name = {SourceWriter.StringLiteral(declaration.Name)},");
        if (declaration.CustomClient is { FactoryMethod: not null } factory)
        {
            writer.WriteLine($"ChatClientFactoryType = typeof({factory.TypeName}),");
        }
        else if (declaration.CustomClient is { } client)
        {
            writer.WriteLine($"ChatClientType = typeof({client.TypeName}),");
        }
        else
        {
            writer.WriteLine($"Kind = {SourceWriter.StringLiteral(declaration.Kind ?? "openai-compatible")},");
        }

        if (declaration.BaseUrl is { } baseUrl)
        {
            writer.WriteLine($"BaseUrl = {SourceWriter.StringLiteral(baseUrl)},");
        }

        writer.WriteLine($"EnvironmentPrefix = {SourceWriter.StringLiteral(EnvironmentPrefix(declaration.Name))},");
        List<HeaderSpec> headers = declaration.Headers.Where(h => !SecretRule.IsLiteralSecretHeader(h.Name, h.Value)).ToList();
        if (headers.Count > 0)
        {
            writer.WriteLine($"Headers = {ImmutableArray}.Create(");
            writer.Indent();
            for (int i = 0; i < headers.Count; i++)
            {
                writer.WriteLine($"new global::System.Collections.Generic.KeyValuePair<string, string>({SourceWriter.StringLiteral(headers[i].Name)}, {SourceWriter.StringLiteral(headers[i].Value)}){(i == headers.Count - 1 ? ")," : ",")}");
            }

            writer.Unindent();
        }

        WriteCompatibility(writer, provider.Spec.Compatibility);
        if (declaration.IsLocal)
        {
            writer.WriteLine("IsLocal = true,");
        }

        if (declaration.Origin == ProviderOrigin.BuiltIn)
        {
            writer.WriteLine("IsBuiltIn = true,");
        }

        if (declaration.Authentication is "ApiKeyHeader")
        {
            writer.WriteLine("Authentication = global::ModelRegistry.ProviderAuthentication.ApiKeyHeader,");
        }

        if (declaration.ApiVersion is { } apiVersion)
        {
            writer.WriteLine($"ApiVersion = {SourceWriter.StringLiteral(apiVersion)},");
        }

        if (provider.Models.Count > 0)
        {
            writer.WriteLine($"Models = {StringArray(provider.Models.Select(m => m.Spec.Model.Id))},");
        }

        writer.CloseBlock(";");
    }

    public static void WriteProfile(SourceWriter writer, EmittedProvider provider, EmittedModel model)
    {
        ModelSpec spec = model.Spec.Model;
        writer.WriteLine($"/// <summary>The profile of <c>{SourceWriter.XmlText(provider.Declaration.Name)}:{SourceWriter.XmlText(spec.Id)}</c>.</summary>");
        writer.OpenBlock($"private static readonly global::ModelRegistry.ModelProfile {model.ProfileField} = new global::ModelRegistry.ModelProfile");
        writer.WriteLine($"Provider = {SourceWriter.StringLiteral(provider.Declaration.Name)},");
        writer.WriteLine($"Model = {SourceWriter.StringLiteral(spec.Id)},");
        WriteCompatibility(writer, model.Spec.Compatibility);
        if (spec.Aliases.Count > 0)
        {
            writer.WriteLine($"Aliases = {StringArray(spec.Aliases)},");
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (ProfileFieldSpec field in spec.Fields.OrderBy(f => f.PropertyName, StringComparer.Ordinal))
        {
            if (written.Add(field.PropertyName) && ScalarLiteral(field) is { } literal)
            {
                writer.WriteLine($"{field.PropertyName} = {literal},");
            }
        }

        if (spec.Pricing is { } pricing)
        {
            WritePricing(writer, pricing);
        }

        if (spec.SupportedParams is { Count: > 0 } parameters)
        {
            writer.WriteLine($"SupportedParams = {StringArray(parameters)},");
        }

        if (spec.Routes is { Count: > 0 } routes)
        {
            WriteRoutes(writer, routes);
        }

        if (spec.Fallbacks is { Count: > 0 } fallbacks)
        {
            writer.WriteLine($"Fallbacks = {StringArray(fallbacks)},");
        }

        writer.CloseBlock(";");
    }

    /// <summary>The upper-cased name with <c>-</c> replaced by <c>_</c> (DESIGN.md's rule, mirrored by the runtime).</summary>
    public static string EnvironmentPrefix(string name) => name.ToUpperInvariant().Replace('-', '_');

    private static void WriteCompatibility(SourceWriter writer, CompatibilitySpec compatibility)
    {
        var assignments = new List<string>();
        foreach (CompatibilityOption option in CompatibilityOptionTable.All)
        {
            if (Assignment(option, option.Get(compatibility)) is { } assignment)
            {
                assignments.Add(assignment);
            }
        }

        // Defaults are left to the record's own initial values, so a default layer is the shared Default instance.
        if (assignments.Count == 0)
        {
            writer.WriteLine("Compatibility = global::ModelRegistry.CompatibilityOptions.Default,");
            return;
        }

        writer.OpenBlock("Compatibility = new global::ModelRegistry.CompatibilityOptions");
        foreach (string assignment in assignments)
        {
            writer.WriteLine(assignment + ",");
        }

        writer.CloseBlock(",");
    }

    /// <summary>How generated code sets <paramref name="option"/> to <paramref name="value"/>, or <see langword="null"/> when
    /// the value is unset, the default, or cannot be written (an unknown value: the analyzers report it).</summary>
    internal static string? Assignment(CompatibilityOption option, object? value)
    {
        if (value is null || Equals(value, option.Default))
        {
            return null;
        }

        string property = option.PropertyName;
        switch (option.Kind)
        {
            case CompatibilityValueKind.Set when value is ImmutableEquatableArray<string> values:
                List<string> flags = values.Select(v => option.Normalize(v) is { } canonical ? option.MemberOf(canonical) : null)
                    .OfType<string>().Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
                string type = $"global::ModelRegistry.{option.RuntimeType}";
                return $"{property} = " + (flags.Count == 0 ? $"default({type})" : string.Join(" | ", flags.Select(f => $"{type}.{f}")));
            case CompatibilityValueKind.Choice when value is string choice && option.MemberOf(choice) is { } member:
                return $"{property} = global::ModelRegistry.{option.RuntimeType}.{member}";
            case CompatibilityValueKind.Boolean when value is bool flag:
                return $"{property} = {(flag ? "true" : "false")}";
            case CompatibilityValueKind.Tag when value is string { Length: > 0 } tag:
                return $"{property} = {SourceWriter.StringLiteral(tag)}";
            default:
                return null;
        }
    }

    private static void WritePricing(SourceWriter writer, PricingSpec pricing)
    {
        var prices = new List<string>();
        AddPrice(prices, "Prompt", pricing.Prompt);
        AddPrice(prices, "Completion", pricing.Completion);
        AddPrice(prices, "InputCacheRead", pricing.InputCacheRead);
        AddPrice(prices, "InputCacheWrite", pricing.InputCacheWrite);
        AddPrice(prices, "Request", pricing.Request);
        AddPrice(prices, "Image", pricing.Image);
        writer.OpenBlock("Pricing = new global::ModelRegistry.ModelPricing");
        foreach (string price in prices)
        {
            writer.WriteLine(price + ",");
        }

        writer.CloseBlock(",");

        static void AddPrice(List<string> prices, string property, string? value)
        {
            if (value is not null && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal price))
            {
                prices.Add($"{property} = {price.ToString(CultureInfo.InvariantCulture)}m");
            }
        }
    }

    private static void WriteRoutes(SourceWriter writer, ImmutableEquatableArray<RouteSpec> routes)
    {
        writer.WriteLine($"Routes = {ImmutableArray}.Create(");
        writer.Indent();
        for (int i = 0; i < routes.Count; i++)
        {
            RouteSpec route = routes[i];
            writer.OpenBlock("new global::ModelRegistry.ModelRoute");
            if (route.Provider is { } provider)
            {
                writer.WriteLine($"Provider = {SourceWriter.StringLiteral(provider)},");
            }

            if (route.BaseUrl is { } baseUrl)
            {
                writer.WriteLine($"BaseUrl = {SourceWriter.StringLiteral(baseUrl)},");
            }

            if (double.TryParse(route.Weight, NumberStyles.Float, CultureInfo.InvariantCulture, out double weight) &&
                !double.IsNaN(weight) && !double.IsInfinity(weight))
            {
                writer.WriteLine($"Weight = {weight.ToString("R", CultureInfo.InvariantCulture)}d,");
            }

            if (route.Local)
            {
                writer.WriteLine("Local = true,");
            }

            if (route.ProviderModelId is { } providerModelId)
            {
                writer.WriteLine($"ProviderModelId = {SourceWriter.StringLiteral(providerModelId)},");
            }

            // A route key is only ever an ${ENV} reference (the parser drops anything else); checked again with the same
            // rule so that no spec, however built, writes a secret into the program.
            if (route.ApiKey is { } apiKey && SecretRule.IsEnvironmentReference(apiKey))
            {
                writer.WriteLine($"ApiKey = {SourceWriter.StringLiteral(apiKey)},");
            }

            // Several keys: each checked again with the same rule, for the same reason.
            if (route.ApiKeys is { Count: > 0 } apiKeys && apiKeys.All(SecretRule.IsEnvironmentReference))
            {
                writer.WriteLine($"ApiKeys = {StringArray(apiKeys)},");
            }

            if (route.MaxInputTokens is { } maxInputTokens)
            {
                writer.WriteLine($"MaxInputTokens = {maxInputTokens.ToString(CultureInfo.InvariantCulture)},");
            }

            if (route.RequestsPerMinute is { } requestsPerMinute)
            {
                writer.WriteLine($"RequestsPerMinute = {requestsPerMinute.ToString(CultureInfo.InvariantCulture)},");
            }

            if (route.TokensPerMinute is { } tokensPerMinute)
            {
                writer.WriteLine($"TokensPerMinute = {tokensPerMinute.ToString(CultureInfo.InvariantCulture)},");
            }

            if (route.TokensPerHour is { } tokensPerHour)
            {
                writer.WriteLine($"TokensPerHour = {tokensPerHour.ToString(CultureInfo.InvariantCulture)},");
            }

            if (route.TokensPerDay is { } tokensPerDay)
            {
                writer.WriteLine($"TokensPerDay = {tokensPerDay.ToString(CultureInfo.InvariantCulture)},");
            }

            writer.CloseBlock(i == routes.Count - 1 ? ")," : ",");
        }

        writer.Unindent();
    }

    private static string? ScalarLiteral(ProfileFieldSpec field)
    {
        if (!ProfileSchema.ModelProperties.TryGetValue(field.PropertyName, out ProfileValueKind kind) || kind != field.Kind)
        {
            return null;
        }

        return kind switch
        {
            ProfileValueKind.String => SourceWriter.StringLiteral(field.Value),
            ProfileValueKind.Boolean => field.Value switch { "true" => "true", "false" => "false", _ => null },
            ProfileValueKind.ModelKind => field.Value is "Chat" or "Embedding" ? "global::ModelRegistry.ModelKind." + field.Value : null,
            ProfileValueKind.Integer => int.TryParse(field.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number)
                ? number.ToString(CultureInfo.InvariantCulture)
                : null,
            _ => null,
        };
    }

    private static string StringArray(IEnumerable<string> values) =>
        $"{ImmutableArray}.Create({string.Join(", ", values.Select(SourceWriter.StringLiteral))})";
}
