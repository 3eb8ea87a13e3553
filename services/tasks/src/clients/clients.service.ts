import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientCard, DirectoryOrg, DocumentView, InstanceStatus, Principal } from '@orbita/contracts';
import {
  CLIENT_CARD_DOCUMENTS,
  CLIENT_CARD_REQUESTS,
  DocumentsRequests,
  ErrorCode,
  Permission,
} from '@orbita/contracts';
import { AppError, BusClient, hasPermission, isVisibleTo, scopeOf } from '@orbita/platform';
import type { TasksConfig } from '../config';
import { TASKS_CONFIG } from '../config.token';
import { OrgDirectory } from '../directory/org-directory';
import { InstanceRepository } from '../instances/instance.repository';
import type { InstanceDocument } from '../instances/instance.schema';
import { toInstanceSummary } from '../instances/instances.service';
import { RegistersService } from '../registers/registers.service';

/** The registers a card shows, by the card's field: the shipped definitions' keys. */
const CARD_REGISTERS = {
  contracts: 'contracts',
  servicePoints: 'service-points',
  invoices: 'invoices',
  payments: 'payments',
} as const;

const OPEN: readonly InstanceStatus[] = ['running'];
const CLOSED: readonly InstanceStatus[] = ['completed', 'rejected', 'cancelled'];

/** The documents service down or slow: the card is answered without its documents. */
const DOCUMENTS_AWAY = new Set<string>([ErrorCode.ServiceUnavailable, ErrorCode.UpstreamTimeout]);

/**
 * The client card: one external org's registers, requests and documents in one answer. Access is
 * decided here, on the org: whoever may see it (staff with org.read or task.read over its path — its
 * personal manager, the branch above it, the company's admins; its own people, and the people of its
 * sites, who belong to it) sees the card whole; anyone else gets NOT_FOUND, as for an unknown id.
 * The registers and requests are then read on the service's own account; the documents are asked of
 * the documents service as the caller, so they are the ones the caller may see there.
 */
@Injectable()
export class ClientsService {
  private readonly logger = new Logger(ClientsService.name);

  constructor(
    private readonly orgs: OrgDirectory,
    private readonly instances: InstanceRepository,
    private readonly registers: RegistersService,
    private readonly bus: BusClient,
    @Inject(TASKS_CONFIG) private readonly config: TasksConfig,
  ) {}

  async card(principal: Principal, orgId: string): Promise<ClientCard> {
    const org = await this.orgs.org(orgId);
    if (!org || !maySee(principal, org)) {
      throw AppError.notFound('org');
    }
    if (!org.external) {
      throw AppError.validation({
        en: `orgId: ${org.name} is an org of the company, not a client or a partner; only external orgs have a client card`,
        ru: `orgId: ${org.name} — подразделение компании, а не клиент или партнёр; карточка клиента есть только у внешних организаций`,
      });
    }
    const [records, open, closed, documents] = await Promise.all([
      this.registers.recordsForOrg(org.id, Object.values(CARD_REGISTERS)),
      this.instances.forClient(org.id, OPEN, CLIENT_CARD_REQUESTS),
      this.instances.forClient(org.id, CLOSED, CLIENT_CARD_REQUESTS),
      this.documents(org.id),
    ]);
    // Only the requests the caller could open (a site's portal user: not the client's others).
    const scope = scopeOf(principal, Permission.TaskRead);
    const openable = (instance: InstanceDocument): boolean => isVisibleTo(scope, instance);
    return {
      org: { id: org.id, name: org.name },
      contracts: records[CARD_REGISTERS.contracts] ?? [],
      servicePoints: records[CARD_REGISTERS.servicePoints] ?? [],
      invoices: records[CARD_REGISTERS.invoices] ?? [],
      payments: records[CARD_REGISTERS.payments] ?? [],
      requests: {
        open: open.filter(openable).map(toInstanceSummary),
        closed: closed.filter(openable).map(toInstanceSummary),
      },
      documents,
      partial: documents === null,
    };
  }

  /** The newest documents for the org the caller may see, or null when documents cannot answer now. */
  private async documents(orgId: string): Promise<DocumentView[] | null> {
    try {
      // Half the usual wait: a slow documents service still leaves time to answer the rest.
      const page = await this.bus.request(
        DocumentsRequests.list,
        { counterpartyOrgId: orgId, limit: CLIENT_CARD_DOCUMENTS },
        { timeoutMs: Math.ceil(this.config.NATS_REQUEST_TIMEOUT_MS / 2) },
      );
      return page.items;
    } catch (err) {
      if (err instanceof AppError && DOCUMENTS_AWAY.has(err.code)) {
        this.logger.warn({ err, orgId, msg: 'The client card is answered without documents' });
        return null;
      }
      throw err;
    }
  }
}

/**
 * Staff see an org's card with org.read or task.read over its path; a portal user also sees the
 * external org above their own (the client whose site they work at), which they belong to.
 */
function maySee(principal: Principal, org: DirectoryOrg): boolean {
  return (
    hasPermission(principal, Permission.OrgRead, org.path) ||
    hasPermission(principal, Permission.TaskRead, org.path) ||
    (principal.external && org.external && principal.orgPath.includes(org.id))
  );
}
