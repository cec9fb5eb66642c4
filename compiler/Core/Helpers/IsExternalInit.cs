namespace System.Runtime.CompilerServices;

// Records and init-only setters on netstandard2.0, which the compiler host requires.
internal static class IsExternalInit
{
}
