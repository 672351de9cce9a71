{{/* The release's name, or release-patientdocs when the release name does not say patientdocs already. */}}
{{- define "patientdocs.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "patientdocs.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "patientdocs.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "patientdocs.secretName" -}}
{{- default (include "patientdocs.fullname" .) .Values.apiKey.existingSecret -}}
{{- end -}}

{{/* The environment every server container has: the migration job's and the nodes'. */}}
{{- define "patientdocs.serverEnv" -}}
- name: ASPNETCORE_URLS
  value: "http://+:8080"
- name: PatientDocs__ApiKey
  valueFrom:
    secretKeyRef:
      name: {{ include "patientdocs.secretName" . }}
      key: api-key
- name: PatientDocs__Store__Provider
  value: PostgreSql
- name: PatientDocs__Store__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ include "patientdocs.secretName" . }}
      key: connection-string
{{- end -}}
