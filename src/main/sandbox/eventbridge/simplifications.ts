/**
 * Where the sandbox's EventBridge pattern matching departs from AWS, in words the console can show.
 */
export const EVENTBRIDGE_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'A wildcard pattern is refused as too complex by a model of the complexity check in AWS\'s open-source matcher (aws/event-ruler); AWS does not publish its threshold, so the sandbox uses one that agrees with the AWS answers on record, and a borderline pattern may be judged differently on AWS.',
  'Numbers are compared by value: 300 and 300.0 match each other, where AWS compares exact numeric values by their JSON text.'
])
