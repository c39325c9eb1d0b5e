using System;

namespace Torsion.Reactors;

/// <summary>Readable names for callbacks, for logs and the slow-callback report.</summary>
internal static class CallbackNames
{
    /// <summary>"Namespace.Type.Method" of a delegate; lambdas show their compiler-generated name,
    /// which contains the enclosing method's name.</summary>
    public static string Describe(Delegate callback) => Describe(callback.Method);

    /// <summary>"Namespace.Type.Method" of a method.</summary>
    public static string Describe(System.Reflection.MethodInfo method)
    {
        var type = method.DeclaringType;
        return type is null ? method.Name : $"{type.FullName}.{method.Name}";
    }
}
