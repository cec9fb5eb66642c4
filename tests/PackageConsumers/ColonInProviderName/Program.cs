using ModelRegistry;

Console.WriteLine("This project must not build: provider names may not contain a colon.");

[ModelProvider("acme:chat", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
internal static partial class BrokenModels
{
}
