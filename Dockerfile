# The Outpace engine: runs the TypeScript sources with tsx (no build step), as `outpace serve`.
FROM node:20-slim

WORKDIR /app

# Dependencies first, so source edits do not reinstall them. Dev dependencies stay: tsx runs
# the sources.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error && npm cache clean --force

COPY tsconfig.json ./
COPY config ./config
COPY src ./src

ENV HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    NODE_ENV=production

# Where writes the database did not take in time wait for it (engine.writeSpoolDir), and uploaded
# lead lists for their import (engine.uploadDir); volumes in the compose file keep them across
# restarts, and take the node user's ownership from these.
RUN mkdir -p /app/var/spool /app/var/uploads && chown node:node /app/var/spool /app/var/uploads

USER node
EXPOSE 8080

# One Node process (tsx as a loader, not a wrapper), so SIGTERM reaches the engine, which stops
# dialling and lets calls finish.
CMD ["node", "--import", "tsx", "src/cli/main.ts", "serve"]
