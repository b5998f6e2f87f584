import { registerEnumType } from '@nestjs/graphql';
import { AgreementKind, FeePeriod, InvoiceStatus, LicenseeStanding, LicenseUse } from './licensing.rules';

// The pure rules define these enums without Nest; they are registered with GraphQL here.
registerEnumType(LicenseUse, { name: 'LicenseUse', description: "A licensee's declared use of the works (the licence's commercial-use clause)." });
registerEnumType(FeePeriod, { name: 'FeePeriod' });
registerEnumType(LicenseeStanding, { name: 'LicenseeStanding', description: 'GOOD; OVERDUE past due date + grace days; SUSPENDED past due date + suspension days.' });
registerEnumType(InvoiceStatus, { name: 'InvoiceStatus' });
registerEnumType(AgreementKind, { name: 'AgreementKind' });
