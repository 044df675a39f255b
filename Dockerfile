# casedesk image: one image, three roles (poller, worker, web) chosen by the command.
FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production CASEDESK_CATALOGUE_DIR=/var/lib/casedesk/catalogue DATABASE_URL=file:/var/lib/casedesk/casedesk.db
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p /var/lib/casedesk && chown -R node:node /var/lib/casedesk
USER node
# Import the official code files once (mount them at /data):  docker compose run --rm worker catalogue import --from /data
ENTRYPOINT ["node", "bin/casedesk.mjs"]
CMD ["serve"]
