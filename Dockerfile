# The product image that docker-compose.yml's workers, web replicas and migration job run
# (`docker compose build`). One image, three commands: npm run worker | web | db -- migrate.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

# Dependencies first, so a source change does not reinstall them. tsx runs the TypeScript sources
# (as `npm start` does), so the dev dependencies that hold it are installed too.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .

# The workflow bundles, built once into the image: a worker loads them instead of bundling at start
# (README, "Operators"); they change only with the image.
RUN npx tsx workers/bundleWorkflows.ts dist/workflow-bundle.js dist/ledger-bundle.js
ENV WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    LEDGER_WORKFLOW_BUNDLE=/app/dist/ledger-bundle.js

# The data volume takes this folder's owner when Docker first makes it: the node user writes there.
RUN mkdir -p /var/lib/council-posts && chown node:node /var/lib/council-posts
USER node
CMD ["npm", "run", "web"]
