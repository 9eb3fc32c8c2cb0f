{{- define "orleans-scrape.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "orleans-scrape.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "orleans-scrape.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default (include "orleans-scrape.fullname" .) -}}
{{- end -}}

{{/* The pod spec shared by both roles; .role selects scraper or gateway. */}}
{{- define "orleans-scrape.pod" -}}
serviceAccountName: {{ include "orleans-scrape.serviceAccountName" .root }}
containers:
  - name: orleans-scrape
    image: "{{ .root.Values.image.repository }}:{{ .root.Values.image.tag | default .root.Chart.AppVersion }}"
    imagePullPolicy: {{ .root.Values.image.pullPolicy }}
    args: ["run", "--config", "/etc/orleans-scrape/config.yaml"]
    env:
      - name: ORLEANS_ROLE
        value: {{ .role }}
      - name: POD_NAME
        valueFrom: { fieldRef: { fieldPath: metadata.name } }
      - name: POD_IP
        valueFrom: { fieldRef: { fieldPath: status.podIP } }
      - name: POD_NAMESPACE
        valueFrom: { fieldRef: { fieldPath: metadata.namespace } }
      # per-node allocation places a pod's targets on a scraper of the same node
      - name: NODE_NAME
        valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
      - name: ORLEANS_STORAGE_CONNECTION_STRING
        valueFrom:
          secretKeyRef:
            name: {{ .root.Values.storage.existingSecret }}
            key: {{ .root.Values.storage.secretKey }}
    ports:
      - { name: http, containerPort: 8080 }
      - { name: silo, containerPort: 11111 }
      - { name: gateway, containerPort: 30000 }
      {{- if eq .role "gateway" }}
      - { name: otlp-grpc, containerPort: 4317 }
      - { name: otlp-http, containerPort: 4318 }
      {{- end }}
    livenessProbe:
      httpGet: { path: /livez, port: http }
    readinessProbe:
      httpGet: { path: /readyz, port: http }
    resources: {{- toYaml .resources | nindent 6 }}
    volumeMounts:
      - { name: config, mountPath: /etc/orleans-scrape }
      {{- if and (eq .role "gateway") .root.Values.gateway.persistence.enabled }}
      - { name: queue, mountPath: {{ .root.Values.gateway.persistence.mountPath }} }
      {{- end }}
volumes:
  - name: config
    configMap:
      name: {{ include "orleans-scrape.fullname" .root }}
{{- end -}}
