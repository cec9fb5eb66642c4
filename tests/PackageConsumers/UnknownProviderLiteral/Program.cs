using ModelRegistry;

Console.WriteLine("This project must not build: 'acmee' is not a declared provider.");
var client = AcmeModels.LoadChatModel("acmee:chat-1");
Console.WriteLine(client.GetType().Name);

[ModelProvider("acme", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
internal static partial class AcmeModels
{
}
