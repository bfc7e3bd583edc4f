import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Says what is wrong with a value (`check digit should be 3`), or undefined when it is valid. */
export type ProblemFinder = (value: unknown) => string | undefined;

/** A failing element of an array validated with `{ each: true }`. */
export interface ElementProblem {
  index: number;
  problem: string;
}

const findersByConstraint = new Map<string, ProblemFinder>();

/**
 * Builds a class-validator decorator factory from a problem finder. Its message names the
 * property and, for `{ each: true }`, every failing element (`containers.0: check digit should be 3`).
 */
export function identifierDecorator(
  constraint: string,
  problemOf: ProblemFinder,
): (options?: ValidationOptions) => PropertyDecorator {
  findersByConstraint.set(constraint, problemOf);
  return (options) =>
    ValidateBy(
      {
        name: constraint,
        validator: {
          validate: (value: unknown) => problemOf(value) === undefined,
          defaultMessage: (args?: ValidationArguments) => describe(args, problemOf, options?.each === true),
        },
      },
      options,
    );
}

function describe(args: ValidationArguments | undefined, problemOf: ProblemFinder, each: boolean): string {
  const property = args?.property ?? 'value';
  const value: unknown = args?.value;
  if (each && Array.isArray(value)) {
    return findElementProblems(value, problemOf)
      .map(({ index, problem }) => `${property}.${index}: ${problem}`)
      .join('; ');
  }
  return `${property}: ${problemOf(value) ?? 'is invalid'}`;
}

function findElementProblems(values: unknown[], problemOf: ProblemFinder): ElementProblem[] {
  return values.flatMap((element, index) => {
    const problem = problemOf(element);
    return problem === undefined ? [] : [{ index, problem }];
  });
}

/**
 * The failing elements of `value` under an identifier constraint (class-validator reports an
 * `each` failure once for the whole array); undefined when `constraint` is not an identifier
 * constraint or `value` is not an array. Lets errors name `containers.0` rather than `containers`.
 */
export function elementProblems(constraint: string, value: unknown): ElementProblem[] | undefined {
  const problemOf = findersByConstraint.get(constraint);
  return problemOf && Array.isArray(value) ? findElementProblems(value, problemOf) : undefined;
}
