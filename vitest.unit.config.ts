import { defineConfig } from 'vitest/config';

/**
 * The unit tier, `npm run test:unit`: the tests that need no stack (no Temporal server, no Kafka
 * broker, no browser), so a newcomer can run them on a fresh clone in about a minute. Pure rules and
 * reducers, schemas and their properties, projections folded in memory, pages on `app.inject`, the
 * workflow bundles, and the replay of the recorded histories (a replay needs no server). Everything
 * else (workflow tests on the time-skipping server, integration tests against the dev server and the
 * broker, browser tests) runs in the full `npm test` (vitest.config.ts), which includes these too.
 * A new test file that needs no stack belongs in this list.
 */
export default defineConfig({
  test: {
    include: [
      'tests/activities/notificationActivities.test.ts',
      'tests/audit/jsonLinesAuditLog.test.ts',
      'tests/audit/memoryAuditLog.test.ts',
      'tests/auth/apiTokens.test.ts',
      'tests/auth/sessions.test.ts',
      'tests/candidates/candidateRegister.test.ts',
      'tests/candidates/openCandidateRegister.test.ts',
      'tests/cli/importProposal.test.ts',
      'tests/cli/pounds.test.ts',
      'tests/cli/program.test.ts',
      'tests/cli/readProposalFile.test.ts',
      'tests/codec/dataConverter.test.ts',
      'tests/codec/encryptionCodec.test.ts',
      'tests/config/config.test.ts',
      'tests/config/keys.test.ts',
      'tests/directory/fileDirectoryStore.test.ts',
      'tests/directory/readDirectoryFile.test.ts',
      'tests/domain/commandShapes.test.ts',
      'tests/domain/ledger.test.ts',
      'tests/domain/money.test.ts',
      'tests/domain/postInputDefaults.test.ts',
      'tests/domain/postRules.test.ts',
      'tests/domain/professionalRegistration.test.ts',
      'tests/domain/proposalPosts.test.ts',
      'tests/domain/routeSteps.test.ts',
      'tests/domain/workingDays.test.ts',
      'tests/infra/provisioning.test.ts',
      'tests/infra/kafkaClusterId.test.ts',
      'tests/infra/dockerCompose.test.ts',
      'tests/infra/clusterLayout.test.ts',
      'tests/notifications/dispatcher/dailyDigest.test.ts',
      'tests/notifications/dispatcher/deliveryQueue.test.ts',
      'tests/notifications/dispatcher/dispatcherStorage.test.ts',
      'tests/notifications/dispatcher/handOffMessages.test.ts',
      'tests/notifications/dispatcher/handOffs.test.ts',
      'tests/notifications/outboxNotifier.test.ts',
      'tests/notifications/webhookNotifier.test.ts',
      'tests/projections/dashboardModel.test.ts',
      'tests/projections/eventSchemas.test.ts',
      'tests/projections/postCatalogue.test.ts',
      'tests/projections/postEventMessage.test.ts',
      'tests/projections/stageAfterEvent.test.ts',
      'tests/projections/stageTimes.test.ts',
      'tests/projections/vacancyRate.test.ts',
      'tests/properties/compiledEventValidators.property.test.ts',
      'tests/properties/eventSchemas.property.test.ts',
      'tests/properties/interleavings.property.test.ts',
      'tests/storage/durableFiles.test.ts',
      'tests/web/audit/auditCsv.test.ts',
      'tests/web/auth/identityFromClaims.test.ts',
      'tests/web/auth/returnTo.test.ts',
      'tests/web/dashboardExports.test.ts',
      'tests/web/errorPages.test.ts',
      'tests/web/pagesProposalRefusals.test.ts',
      'tests/web/postStory.test.ts',
      'tests/web/dashboardFilters.test.ts',
      'tests/web/dashboardRoutes.test.ts',
      'tests/web/pagesMoney.test.ts',
      'tests/web/pagesProposalForm.test.ts',
      'tests/web/reviseForm.test.ts',
      'tests/workers/workflowBundles.test.ts',
      'tests/workflows/determinismRules.test.ts',
      'tests/workflows/replay.test.ts',
      'tests/workflows/replayCatchesChanges.test.ts',
    ],
    // No globalSetup: nothing here starts or needs the local stack.
    setupFiles: ['tests/setup/quietTemporal.ts'],
    testTimeout: 30_000,
  },
});
