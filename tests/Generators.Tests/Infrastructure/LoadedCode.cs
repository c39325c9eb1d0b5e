using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Torsion.Generators.Tests.Infrastructure;

/// <summary>
/// User code compiled with the generator and loaded: calls its static methods by name. By convention
/// the test sources are a <c>public static partial class Code</c> with a <c>public static List&lt;string&gt; Log</c>.
/// </summary>
internal sealed class LoadedCode
{
    private readonly Type _type;

    public LoadedCode(Assembly assembly, string typeName = "Code")
    {
        Assembly = assembly;
        _type = assembly.GetType(typeName) ?? throw new InvalidOperationException("No type " + typeName);
    }

    public static LoadedCode Compile(string source, string typeName = "Code", string path = "User.cs") =>
        new(GeneratorHarness.Run(source, path).Load(), typeName);

    public Assembly Assembly { get; }

    public object? CallGeneric(string method, Type[] typeArguments, params object?[] arguments)
    {
        MethodInfo generic = _type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == method && m.IsGenericMethodDefinition);
        return generic.MakeGenericMethod(typeArguments).Invoke(null, arguments);
    }

    public List<string> Log => (List<string>)_type.GetField("Log")!.GetValue(null)!;

    public object? Call(string method, params object?[] arguments)
    {
        MethodInfo[] candidates = _type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name == method && m.GetParameters().Length == arguments.Length)
            .ToArray();
        if (candidates.Length != 1)
        {
            throw new InvalidOperationException(candidates.Length + " methods named " + method);
        }

        try
        {
            return candidates[0].Invoke(null, arguments);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    public Deferred CallDeferred(string method, params object?[] arguments) => (Deferred)Call(method, arguments)!;
}
