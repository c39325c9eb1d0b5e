using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Torsion.Analyzers.Blocking;

/// <summary>
/// Straight-line order inside one function: the statements that certainly ran before an operation
/// (the earlier statements of its block and of each enclosing block, up to the function's body).
/// </summary>
internal static class StatementFlow
{
    /// <summary>
    /// True when an earlier statement (see the class) contains, outside nested functions and outside
    /// branches that may be skipped (if, loops, try, switch), an operation matching <paramref name="match"/>.
    /// </summary>
    public static bool AnyEarlierStatement(IOperation operation, Func<IOperation, bool> match)
    {
        IOperation child = operation;
        for (IOperation? parent = operation.Parent; parent is not null && !BlockingPrecision.IsFunction(parent); child = parent, parent = parent.Parent)
        {
            if (parent is not IBlockOperation block)
            {
                continue;
            }

            foreach (IOperation statement in block.Operations)
            {
                if (statement == child)
                {
                    break;
                }

                if (ContainsOnStraightPath(statement, match))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool ContainsOnStraightPath(IOperation operation, Func<IOperation, bool> match)
    {
        if (match(operation))
        {
            return true;
        }

        if (BlockingPrecision.IsFunction(operation)
            || operation is IConditionalOperation or ILoopOperation or ITryOperation or ISwitchOperation
                or ISwitchExpressionOperation or ICoalesceOperation or IConditionalAccessOperation
                || operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr })
        {
            return false;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            if (ContainsOnStraightPath(child, match))
            {
                return true;
            }
        }

        return false;
    }
}
