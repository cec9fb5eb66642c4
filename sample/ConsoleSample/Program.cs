using ModelRegistry;

Console.WriteLine("ModelRegistry sample");
foreach (string provider in new[] { "vllm" })
{
    Console.WriteLine($"  {provider}");
}

[ModelProvider("vllm", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1", Profiles = "profiles/vllm.json")]
internal static partial class SampleModels
{
}
