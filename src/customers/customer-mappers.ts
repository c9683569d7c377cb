import type { Actor } from '../common/access.js';
import { isInForce } from './contract-rules.js';
import type { Contact, Contract, Customer } from './customer.entity.js';
import type { ContactResponse, ContractResponse, CustomerResponse } from './customer.dto.js';

export function toCustomerResponse(customer: Customer, actor: Actor): CustomerResponse {
  return {
    id: customer.id,
    number: customer.number,
    name: customer.name,
    street: customer.street,
    postalCode: customer.postalCode,
    city: customer.city,
    countryCode: customer.countryCode,
    vatId: customer.vatId,
    email: customer.email,
    invoiceEmail: customer.invoiceEmail,
    phone: customer.phone,
    language: customer.language,
    buyerReference: customer.buyerReference,
    ...(actor.role === 'customer' ? {} : { notes: customer.notes }),
    active: customer.active,
    version: customer.version,
    createdAt: customer.createdAt.toISOString(),
    updatedAt: customer.updatedAt.toISOString(),
  };
}

export function toContactResponse(contact: Contact): ContactResponse {
  return {
    id: contact.id,
    customerId: contact.customerId,
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    position: contact.position,
    salutation: contact.salutation,
    isSignatory: contact.isSignatory,
    active: contact.active,
    version: contact.version,
  };
}

export function toContractResponse(contract: Contract, today: string): ContractResponse {
  return {
    id: contract.id,
    customerId: contract.customerId,
    kind: contract.kind,
    reference: contract.reference,
    startDate: contract.startDate,
    endDate: contract.endDate,
    signedOn: contract.signedOn,
    terms: contract.terms,
    coveredHours: contract.coveredHours,
    inForce: isInForce(contract, today),
    version: contract.version,
  };
}
