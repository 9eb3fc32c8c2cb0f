{{- define "orleans-scrape.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "orleans-scrape.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* The labels a tier's workload, PDB and Service select on; .root and .role as below. */}}
{{- define "orleans-scrape.selectorLabels" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "orleans-scrape.serviceAccountName" -}}
{{- .Values.serviceAccount.name | default (include "orleans-scrape.fullname" .) -}}
{{- end -}}

{{/*
The pod template shared by both tiers: .root is the chart's context, .role scraper or gateway.
The tier's own values are .root.Values.<role>.
*/}}
{{- define "orleans-scrape.podTemplate" -}}
{{- $root := .root -}}
{{- $tier := index $root.Values .role -}}
metadata:
  labels:
    {{- include "orleans-scrape.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
    {{- range $key, $value := $tier.podLabels }}
    {{ $key }}: {{ $value | quote }}
    {{- end }}
  annotations:
    # The configuration's digest: a change to it rolls the pods, which read it only at start.
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- range $key, $value := $tier.podAnnotations }}
    {{ $key }}: {{ $value | quote }}
    {{- end }}
spec:
  serviceAccountName: {{ include "orleans-scrape.serviceAccountName" $root }}
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $tier.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $tier.terminationGracePeriodSeconds }}
  {{- with $root.Values.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: orleans-scrape
      image: "{{ $root.Values.image.repository }}:{{ $root.Values.image.tag | default $root.Chart.AppVersion }}"
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args: ["run", "--config", "/etc/orleans-scrape/config.yaml"]
      {{- with $root.Values.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
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
              name: {{ $root.Values.storage.existingSecret }}
              key: {{ $root.Values.storage.secretKey }}
        {{- with $tier.extraEnvs }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $tier.extraEnvsFrom }}
      envFrom:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - { name: http, containerPort: 8080, protocol: TCP }
        - { name: silo, containerPort: 11111, protocol: TCP }
        - { name: gateway, containerPort: 30000, protocol: TCP }
        {{- if eq .role "gateway" }}
        - { name: otlp-grpc, containerPort: 4317, protocol: TCP }
        - { name: otlp-http, containerPort: 4318, protocol: TCP }
        {{- end }}
      {{- range $probe := list "startupProbe" "livenessProbe" "readinessProbe" }}
      {{- with index $root.Values $probe }}
      {{ $probe }}:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- end }}
      {{- with $tier.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - { name: config, mountPath: /etc/orleans-scrape, readOnly: true }
        # the root filesystem is read-only: .NET and Orleans write their temporary files here
        - { name: tmp, mountPath: /tmp }
        {{- if and (eq .role "gateway") $tier.persistence.enabled }}
        - { name: queue, mountPath: {{ $tier.persistence.mountPath }} }
        {{- end }}
        {{- with $tier.extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "orleans-scrape.fullname" $root }}
    - name: tmp
      emptyDir: {}
    {{- with $tier.extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $tier.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $tier.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $tier.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $tier.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
