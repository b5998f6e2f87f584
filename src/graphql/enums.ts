import { registerEnumType } from '@nestjs/graphql';
import { StakeholderClass } from 'src/common/stakeholder-class';

// Enums whose TypeScript definitions stay free of Nest, so pure domain code (and its specs) can use them.
registerEnumType(StakeholderClass, { name: 'StakeholderClass', description: 'The four fair-shares stakeholder classes.' });
