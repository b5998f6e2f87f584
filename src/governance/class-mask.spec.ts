import fc from 'fast-check';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { classesOf, classMask } from './class-mask';

describe('class masks', () => {
  it('gives each class its bit', () => {
    expect(CLASS_ORDER.map((c) => classMask([c]))).toEqual([1, 2, 4, 8]);
    expect(classMask([StakeholderClass.WORKER, StakeholderClass.USER])).toBe(12);
    expect(classesOf(12)).toEqual([StakeholderClass.WORKER, StakeholderClass.USER]);
  });

  it('round-trips any set of classes, in class order', () => {
    fc.assert(fc.property(fc.subarray([...CLASS_ORDER]), (classes) => expect(classesOf(classMask(classes))).toEqual(classes)));
  });
});
