using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// Calls of blocking members that cannot block where they are written, so that TRS2001 stays quiet:
/// a wait with a zero timeout (<c>Thread.Sleep(0)</c>, <c>SemaphoreSlim.Wait(0)</c>, <c>WaitOne(0)</c>,
/// <c>Monitor.Wait(o, 0)</c>), and <c>.Result</c> (or <c>GetAwaiter().GetResult()</c>, <c>Wait()</c>) of a task that is
/// known to be complete: made by <c>Task.FromResult</c>, read under an <c>IsCompleted</c> check, or
/// after the task was awaited (alone or in <c>Task.WhenAll</c>) or yielded as a Deferred earlier in the same block.
/// </summary>
internal static class BlockingPrecision
{
    /// <summary>True when <paramref name="operation"/>, a call or read of a blocking member, cannot block.</summary>
    public static bool CannotBlock(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                if (HasZeroTimeout(invocation))
                {
                    return true;
                }

                // task.Wait() of a completed task
                if (invocation.TargetMethod is { Name: "Wait", IsStatic: false, ContainingType.Name: "Task" } && invocation.Instance is { } waited
                    && IsKnownComplete(waited, operation))
                {
                    return true;
                }

                // task.GetAwaiter().GetResult()
                return invocation.TargetMethod.Name == "GetResult"
                    && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited }
                    && IsKnownComplete(awaited, operation);
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task }:
                return IsKnownComplete(task, operation);
            default:
                return false;
        }
    }

    /// <summary>True when a timeout argument is the constant 0 or <c>TimeSpan.Zero</c>: the call polls and returns.</summary>
    private static bool HasZeroTimeout(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || parameter.Name.IndexOf("imeout", System.StringComparison.Ordinal) < 0)
            {
                continue;
            }

            IOperation value = Strip(argument.Value);
            if (value.ConstantValue is { HasValue: true, Value: int or long } constant && System.Convert.ToInt64(constant.Value) == 0)
            {
                return true;
            }

            if (value is IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the task <paramref name="task"/> is complete when <paramref name="use"/> reads its result.</summary>
    private static bool IsKnownComplete(IOperation task, IOperation use)
    {
        task = Strip(task);
        if (task is IInvocationOperation { TargetMethod: { Name: "FromResult", ContainingType.Name: "Task" or "ValueTask" } })
        {
            return true;
        }

        ISymbol? symbol = ReferencedSymbol(task);
        if (symbol is null)
        {
            return false;
        }

        if (symbol is ILocalSymbol local && IsOnlyFromResult(local, use))
        {
            return true;
        }

        return IsUnderCompletionCheck(symbol, use) || WasAwaitedBefore(symbol, use);
    }

    /// <summary>True under <c>if (t.IsCompleted ...)</c> or in <c>t.IsCompleted ? t.Result : ...</c> (conditions joined by &amp;&amp;).</summary>
    private static bool IsUnderCompletionCheck(ISymbol task, IOperation use)
    {
        IOperation child = use;
        for (IOperation? parent = use.Parent; parent is not null && !IsFunction(parent); child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && conditional.WhenTrue == child && ChecksCompletion(conditional.Condition, task))
            {
                return true;
            }

            if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and && and.RightOperand == child && ChecksCompletion(and.LeftOperand, task))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ChecksCompletion(IOperation condition, ISymbol task)
    {
        condition = Strip(condition);
        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and)
        {
            return ChecksCompletion(and.LeftOperand, task) || ChecksCompletion(and.RightOperand, task);
        }

        return condition is IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully", Instance: { } instance }
            && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(Strip(instance)), task);
    }

    /// <summary>
    /// True when a statement before <paramref name="use"/>, in its block or an enclosing block of the
    /// same function, awaits the task (<c>await t</c>, <c>await Task.WhenAll(.., t, ..)</c>) or yields it
    /// as a Deferred (<c>yield return Deferred.FromTask(t)</c>).
    /// </summary>
    private static bool WasAwaitedBefore(ISymbol task, IOperation use)
        => StatementFlow.AnyEarlierStatement(use, operation => operation switch
        {
            IAwaitOperation awaited => Completes(awaited.Operation, task),
            IReturnOperation { Kind: OperationKind.YieldReturn, ReturnedValue: { } yielded } => Completes(yielded, task),
            _ => false,
        });

    /// <summary>True when waiting for <paramref name="awaited"/> completes <paramref name="task"/>.</summary>
    private static bool Completes(IOperation awaited, ISymbol task)
    {
        awaited = Strip(awaited);
        if (SymbolEqualityComparer.Default.Equals(ReferencedSymbol(awaited), task))
        {
            return true;
        }

        if (awaited is IInvocationOperation invocation
            && (invocation.TargetMethod.Name is "WhenAll" or "FromTask" or "ConfigureAwait"))
        {
            if (invocation.TargetMethod.Name == "ConfigureAwait" && invocation.Instance is { } instance)
            {
                return Completes(instance, task);
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                foreach (IOperation descendant in argument.Value.DescendantsAndSelf())
                {
                    if (SymbolEqualityComparer.Default.Equals(ReferencedSymbol(descendant), task))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when every value the local ever gets is a <c>Task.FromResult</c>.</summary>
    private static bool IsOnlyFromResult(ILocalSymbol local, IOperation use)
    {
        bool any = false;
        foreach (IOperation assigned in LocalValues.Of(local, use))
        {
            if (Strip(assigned) is not IInvocationOperation { TargetMethod: { Name: "FromResult", ContainingType.Name: "Task" or "ValueTask" } })
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>The local, parameter or field an operation reads, or null.</summary>
    public static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        _ => null,
    };

    /// <summary>The operation under implicit conversions and parentheses.</summary>
    public static IOperation Strip(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }

    /// <summary>True for an operation that starts a new function (its body runs at another time).</summary>
    public static bool IsFunction(IOperation operation)
        => operation is IAnonymousFunctionOperation or ILocalFunctionOperation;
}
