import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import { describeAuditLogContract } from './auditLogContract.js';

describeAuditLogContract('memoryAuditLog', async () => memoryAuditLog());
