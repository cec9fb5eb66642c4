using ModelRegistry;

// The profile comes from profiles/acme.json, which the package adds as an AdditionalFile by convention.
if (!AcmeModels.TryGetProfile("acme", "acme-chat-1", out var profile))
{
    Console.Error.WriteLine("acme-chat-1 is not in the generated registry");
    return 1;
}

Console.WriteLine($"acme-chat-1 max_input_tokens={profile.MaxInputTokens}");
return 0;

[ModelProvider("acme", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
internal static partial class AcmeModels
{
}
