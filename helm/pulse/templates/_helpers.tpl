{{/* Resource name of one service: <release>-<service>, or <service> when the release is named "pulse". */}}
{{- define "pulse.fullname" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- if eq $root.Release.Name "pulse" -}}pulse-{{ $name }}{{- else -}}{{ printf "%s-%s" $root.Release.Name $name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "pulse.labels" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version }}
app.kubernetes.io/name: {{ $name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/part-of: pulse
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end -}}

{{- define "pulse.selectorLabels" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
app.kubernetes.io/name: {{ $name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{/* Image of a service: values.services.<name>.image overrides the global registry/tag. */}}
{{- define "pulse.image" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $svc := index . 2 -}}{{- $tag := index . 3 -}}
{{- $repo := $svc.image.repository | default (printf "%s/%s" $root.Values.image.registry $name) -}}
{{- printf "%s:%s" $repo ($tag | default $svc.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion) -}}
{{- end -}}

{{/* Environment shared by a service's Deployment and its migration Job. */}}
{{- define "pulse.env" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}{{- $svc := index . 2 -}}
- name: SERVICE_NAME
  value: {{ $name | quote }}
- name: PORT
  value: "8080"
{{- range $key, $ref := $root.Values.secrets }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $ref.name | quote }}, key: {{ $ref.key | quote }} }
{{- end }}
{{- range $svc.secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef: { name: {{ .secretName | quote }}, key: {{ .key | quote }}{{ if .optional }}, optional: true{{ end }} }
{{- end }}
{{- range $key, $value := $svc.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}
