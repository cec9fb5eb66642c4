#:property PublishAot=false
// Prints the path of every file in a .nupkg, one a line, ordinal-sorted; .ci/run compares the list with the expected one.
// A .NET file-based app, so the check needs nothing on the machine but the SDK (no unzip, no python).
using System.IO.Compression;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run .ci/ListPackageFiles.cs -- <package.nupkg>");
    return 2;
}

using ZipArchive package = ZipFile.OpenRead(args[0]);
foreach (string path in package.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal))
{
    Console.WriteLine(path);
}

return 0;
