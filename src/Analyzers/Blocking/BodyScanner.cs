using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// Reads one member's operation blocks into <see cref="FunctionNode"/>s: the member, every lambda and
/// local function in it, their blocking calls and their calls to the compilation's own methods; and
/// works out, by following values inside the body, which of these functions run on the reactor
/// thread (given to a reactor API directly, through a local variable or as a method group) or on
/// another thread (given to DeferToThread, Task.Run ...). Methods of other members given to a
/// reactor API are returned as <see cref="Roots"/> for <see cref="ReactorGraph"/>.
/// </summary>
internal sealed class BodyScanner
{
    /// <summary>How many locals deep a delegate's value is followed back.</summary>
    private const int MaxDepth = 4;

    private readonly BlockingMembers _blocking;
    private readonly ReactorApis _apis;
    private readonly ReactorMethods _methods;
    private readonly IAssemblySymbol _assembly;
    private readonly INamedTypeSymbol? _nonBlocking;
    private readonly Dictionary<ISymbol, FunctionNode> _functions = new(SymbolEqualityComparer.Default);
    private readonly List<(IOperation Value, bool Sequence, ArgumentRole Role, string Api, FunctionNode Context)> _givenCode = new();

    /// <summary>True when the body awaits <c>....ConfigureAwait(false)</c> somewhere (else no statement runs after one).</summary>
    private bool _hasConfigureAwaitFalse;

    public BodyScanner(BlockingMembers blocking, ReactorApis apis, ReactorMethods methods, Compilation compilation)
    {
        _blocking = blocking;
        _apis = apis;
        _methods = methods;
        _assembly = compilation.Assembly;
        _nonBlocking = compilation.GetTypeByMetadataName(TorsionSymbols.NonBlockingAttribute);
    }

    /// <summary>Every function found, the member first.</summary>
    public List<FunctionNode> Functions { get; } = new();

    /// <summary>Members of the compilation given to a reactor API in this body (as method groups or iterators), with the reason.</summary>
    public List<(ISymbol Method, string Reason)> Roots { get; } = new();

    /// <summary>Reads the member <paramref name="owner"/>'s operation blocks.</summary>
    public void Scan(ISymbol owner, IEnumerable<IOperation> blocks)
    {
        string name = owner is IMethodSymbol method ? ReactorMethods.DisplayName(method) : owner.Name;
        var root = new FunctionNode(Key(owner), null, name);
        if (owner is IMethodSymbol ownerMethod)
        {
            root.Reason = _methods.Describe(ownerMethod);
        }

        Add(root);
        var all = new List<IOperation>(blocks);
        foreach (IOperation block in all)
        {
            foreach (IOperation operation in block.DescendantsAndSelf())
            {
                if (IsAwaitConfigureAwaitFalse(operation))
                {
                    _hasConfigureAwaitFalse = true;
                    break;
                }
            }
        }

        foreach (IOperation block in all)
        {
            Visit(block, root);
        }

        ResolveGivenCode();
    }

    /// <summary>The key of a method in the call graph (a partial method by its definition, a generic one by its original definition).</summary>
    public static ISymbol Key(ISymbol symbol)
    {
        if (symbol is IMethodSymbol method)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            return method.PartialDefinitionPart ?? method;
        }

        return symbol.OriginalDefinition;
    }

    private void Add(FunctionNode node)
    {
        Functions.Add(node);
        _functions[node.Symbol] = node;
    }

    private void Visit(IOperation operation, FunctionNode current)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation lambda:
            {
                var node = new FunctionNode(lambda.Symbol, current, current.Name);
                if (lambda.Symbol.IsAsync && TorsionSymbols.IsDeferred(lambda.Symbol.ReturnType))
                {
                    node.Reason = "this async Deferred lambda";
                }

                Add(node);
                _lambdas[lambda.Symbol] = lambda;
                Visit(lambda.Body, node);
                return;
            }

            case ILocalFunctionOperation local:
            {
                var node = new FunctionNode(local.Symbol, current, local.Symbol.Name) { IsLocalFunction = true, Reason = _methods.Describe(local.Symbol) };
                Add(node);
                if (local.Body is { } body)
                {
                    Visit(body, node);
                }
                else if (local.IgnoredBody is { } expressionBody)
                {
                    Visit(expressionBody, node);
                }

                return;
            }

            case IInvocationOperation invocation:
                if (!CheckBlocking(invocation, invocation.TargetMethod, invocation.Instance, current))
                {
                    AddCall(invocation.TargetMethod, invocation, current);
                }

                RecordGivenCode(invocation.TargetMethod, invocation.Arguments, current);
                break;

            case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                AddCall(constructor, creation, current);
                RecordGivenCode(constructor, creation.Arguments, current);
                break;

            case IPropertyReferenceOperation property:
                if (!CheckBlocking(property, property.Property, property.Instance, current))
                {
                    bool written = property.Parent is IAssignmentOperation assignment && assignment.Target == property;
                    if (written && _apis.RunsOnReactor(property.Property))
                    {
                        // factory.Protocol = () => new P(): the factory calls it on the reactor, in BuildProtocol.
                        _givenCode.Add((((IAssignmentOperation)property.Parent!).Value, false, ArgumentRole.Reactor, property.Property.Name, current));
                    }

                    if ((written ? property.Property.SetMethod : property.Property.GetMethod) is { } accessor)
                    {
                        AddCall(accessor, property, current);
                    }
                }

                break;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            Visit(child, current);
        }
    }

    /// <summary>Records a blocking call; true when <paramref name="member"/> blocks (whether or not it can block here).</summary>
    private bool CheckBlocking(IOperation operation, ISymbol member, IOperation? instance, FunctionNode current)
    {
        if (!_blocking.IsBlocking(member, instance?.Type))
        {
            return false;
        }

        if (!BlockingPrecision.CannotBlock(operation))
        {
            string name = member.ContainingType.Name + "." + member.Name;
            current.Sites.Add(new BlockingSite(operation.Syntax.GetLocation(), name, IsAfterConfigureAwaitFalse(operation)));
        }

        return true;
    }

    private void AddCall(IMethodSymbol target, IOperation operation, FunctionNode current)
    {
        IMethodSymbol method = (IMethodSymbol)Key(target);
        if (method.MethodKind is MethodKind.DelegateInvoke or MethodKind.AnonymousFunction
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly)
            || (method.IsAbstract && method.MethodKind != MethodKind.LocalFunction)
            || IsNonBlocking(method))
        {
            return;
        }

        current.Calls.Add(new CallSite(method, operation.Syntax.GetLocation(), IsAfterConfigureAwaitFalse(operation)));
    }

    private bool IsNonBlocking(IMethodSymbol method)
        => _nonBlocking is not null
            && (ReactorApis.HasAttribute(method, _nonBlocking)
                || (method.AssociatedSymbol is { } associated && ReactorApis.HasAttribute(associated, _nonBlocking)));

    private void RecordGivenCode(IMethodSymbol method, IEnumerable<IArgumentOperation> arguments, FunctionNode current)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            ArgumentRole role = _apis.RoleOf(method, argument.Parameter);
            if (role != ArgumentRole.None)
            {
                _givenCode.Add((argument.Value, IsSequenceParameter(argument), role, method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name : method.Name, current));
            }
        }
    }

    /// <summary>
    /// Decides where each lambda and local function runs, once the whole body is read: code given to
    /// another thread first, then code given to the reactor (a Deferred callback added inside code
    /// that runs on another thread runs there: the Deferred fires there), then the remaining lambdas
    /// run inline in their parent unless they are stored in a field or returned.
    /// </summary>
    private void ResolveGivenCode()
    {
        var given = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (value, _, role, _, _) in _givenCode)
        {
            if (role != ArgumentRole.OffReactor)
            {
                continue;
            }

            foreach (ISymbol code in Sources(value, 0))
            {
                given.Add(code);
                if (_functions.TryGetValue(code, out FunctionNode? node))
                {
                    node.OffReactor = true;
                }
            }
        }

        foreach (FunctionNode node in Functions)
        {
            if (node.Parent is not null && !node.IsLocalFunction && !given.Contains(node.Symbol) && !IsGivenToReactor(node.Symbol))
            {
                node.Inline = !Escapes(node.Symbol);
            }
        }

        foreach (FunctionNode node in Functions)
        {
            if (node.Inline && node.Parent is not null)
            {
                node.Parent.InlineChildren.Add(node);
            }
        }

        foreach (var (value, sequence, role, api, context) in _givenCode)
        {
            if (role != ArgumentRole.Reactor || (IsDeferredCallbackApi(api) && RunsOffReactor(context)))
            {
                continue;
            }

            string reason = "a delegate given to " + api;
            foreach (ISymbol code in Sources(value, 0, sequence))
            {
                if (_functions.TryGetValue(code, out FunctionNode? node))
                {
                    node.Reason ??= reason;
                }
                else if (code is IMethodSymbol method && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly))
                {
                    Roots.Add((Key(method), "method '" + ReactorMethods.DisplayName(method) + "', given to " + api));
                }
            }
        }
    }

    private bool IsGivenToReactor(ISymbol function)
    {
        foreach (var (value, _, role, _, _) in _givenCode)
        {
            if (role == ArgumentRole.Reactor)
            {
                foreach (ISymbol code in Sources(value, 0))
                {
                    if (SymbolEqualityComparer.Default.Equals(code, function))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsDeferredCallbackApi(string api) => api is "AddCallback" or "AddCallbacks" or "AddErrback" or "AddBoth" or "AddFinally";

    /// <summary>True when code written in <paramref name="node"/> is known to run on another thread.</summary>
    private static bool RunsOffReactor(FunctionNode node)
    {
        for (FunctionNode? current = node; current is not null; current = current.Parent)
        {
            if (current.OffReactor)
            {
                return true;
            }

            if (current.Reason is not null || !(current.Inline || current.IsLocalFunction))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>True when the lambda is stored in a field, property or event, or returned: it runs later, anywhere.</summary>
    private bool Escapes(ISymbol lambda)
    {
        IOperation? operation = FindLambda(lambda);
        if (operation is null)
        {
            return false;
        }

        IOperation current = operation;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IReturnOperation => true,
            IEventAssignmentOperation => true,
            IAssignmentOperation assignment => assignment.Target is not ILocalReferenceOperation,
            IVariableInitializerOperation { Parent: not IVariableDeclaratorOperation } => true,
            _ => false,
        };
    }

    private readonly Dictionary<ISymbol, IAnonymousFunctionOperation> _lambdas = new(SymbolEqualityComparer.Default);

    private IOperation? FindLambda(ISymbol lambda) => _lambdas.TryGetValue(lambda, out IAnonymousFunctionOperation? found) ? found : null;

    /// <summary>The functions (lambdas, local functions, methods) whose code a value carries, followed back through locals.</summary>
    private IEnumerable<ISymbol> Sources(IOperation value, int depth, bool iterators = false)
    {
        value = BlockingPrecision.Strip(value);
        while (value is IDelegateCreationOperation or IConversionOperation)
        {
            value = value is IDelegateCreationOperation creation ? creation.Target : ((IConversionOperation)value).Operand;
        }

        switch (value)
        {
            case IAnonymousFunctionOperation lambda:
                _lambdas[lambda.Symbol] = lambda;
                yield return lambda.Symbol;
                break;
            case IMethodReferenceOperation reference:
                yield return Key(reference.Method);
                break;
            case ILocalReferenceOperation local when depth < MaxDepth:
                foreach (IOperation assigned in LocalValues.Of(local.Local, local))
                {
                    foreach (ISymbol source in Sources(assigned, depth + 1, iterators))
                    {
                        yield return source;
                    }
                }

                break;
            case IConditionalOperation conditional:
                foreach (IOperation? branch in new[] { conditional.WhenTrue, conditional.WhenFalse })
                {
                    if (branch is not null)
                    {
                        foreach (ISymbol source in Sources(branch, depth + 1, iterators))
                        {
                            yield return source;
                        }
                    }
                }

                break;
            case ICoalesceOperation coalesce:
                foreach (ISymbol source in Sources(coalesce.Value, depth + 1, iterators))
                {
                    yield return source;
                }

                foreach (ISymbol source in Sources(coalesce.WhenNull, depth + 1, iterators))
                {
                    yield return source;
                }

                break;
            case IInvocationOperation { TargetMethod.Name: "GetEnumerator", Instance: { } sequence }:
                foreach (ISymbol source in Sources(sequence, depth + 1, iterators))
                {
                    yield return source;
                }

                break;
            case IInvocationOperation iterator when iterators && ReturnsSequence(iterator.TargetMethod):
                yield return Key(iterator.TargetMethod);
                break;
        }
    }

    private static bool IsSequenceParameter(IArgumentOperation argument)
        => argument.Parameter?.Type is { } type
            && (type.SpecialType is SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_IEnumerator
                || type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_Generic_IEnumerator_T);

    /// <summary>True for a method returning an enumerable or an enumerator (an iterator that a cooperator drives).</summary>
    private static bool ReturnsSequence(IMethodSymbol method)
        => method.ReturnType.SpecialType is SpecialType.System_Collections_IEnumerable or SpecialType.System_Collections_IEnumerator
            || method.ReturnType.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_Generic_IEnumerator_T;

    /// <summary>True when an earlier statement of the same function awaits <c>....ConfigureAwait(false)</c>.</summary>
    private bool IsAfterConfigureAwaitFalse(IOperation operation)
        => _hasConfigureAwaitFalse && StatementFlow.AnyEarlierStatement(operation, IsAwaitConfigureAwaitFalse);

    private static bool IsAwaitConfigureAwaitFalse(IOperation candidate)
        => candidate is IAwaitOperation awaited
            && BlockingPrecision.Strip(awaited.Operation) is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Arguments.Length: > 0 } configure
            && configure.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false };
}
