import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The post's search attributes (registered from schemas/searchAttributes.ts), typed for the workflow
 * that sets them and for the clients that list posts by them.
 */
export const PostStageKey = defineSearchAttributeKey('PostStage', SearchAttributeType.KEYWORD);
export const ServiceAreaKey = defineSearchAttributeKey('ServiceArea', SearchAttributeType.KEYWORD);
export const GradeKey = defineSearchAttributeKey('Grade', SearchAttributeType.KEYWORD);
export const RecruitmentRouteKey = defineSearchAttributeKey('RecruitmentRoute', SearchAttributeType.KEYWORD);
export const ApprovalOverdueKey = defineSearchAttributeKey('ApprovalOverdue', SearchAttributeType.BOOL);
export const ProposalIdKey = defineSearchAttributeKey('ProposalId', SearchAttributeType.KEYWORD);
export const JobTitleKey = defineSearchAttributeKey('JobTitle', SearchAttributeType.KEYWORD);
export const DecisionMakerKey = defineSearchAttributeKey('DecisionMaker', SearchAttributeType.KEYWORD);
export const ProposedByKey = defineSearchAttributeKey('ProposedBy', SearchAttributeType.KEYWORD);
export const DecidersKey = defineSearchAttributeKey('Deciders', SearchAttributeType.KEYWORD_LIST);
export const ConsultationKey = defineSearchAttributeKey('Consultation', SearchAttributeType.KEYWORD_LIST);
export const ConfidentialKey = defineSearchAttributeKey('Confidential', SearchAttributeType.BOOL);
export const NamedPeopleKey = defineSearchAttributeKey('NamedPeople', SearchAttributeType.KEYWORD_LIST);
